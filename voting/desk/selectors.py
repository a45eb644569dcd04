from budgeting.models import Envelope
from voting.models import Channel, Participation


def marked_at_desk(*, envelope: Envelope) -> int:
    """How many people paper desks have marked as voted in the envelope."""
    return Participation.objects.filter(envelope=envelope, channel=Channel.PAPER).count()
