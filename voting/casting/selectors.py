"""Reads for the resident-facing voting pages. Nothing here joins a voter to a ballot."""


from django.contrib.auth.models import User
from django.db.models import Prefetch

from budgeting.models import Envelope, Process, Project
from budgeting.proposals.models import Proposal
from voting.models import Declaration, Participation


def ballot_projects(*, envelope: Envelope) -> list[Project]:
    """The envelope's projects in ballot order, each with the public proposals it came from."""
    public = Proposal.objects.public().select_related("envelope__process")
    return list(
        Project.objects.filter(envelope=envelope).prefetch_related(
            Prefetch("proposals", queryset=public, to_attr="public_proposals")
        )
    )


def declaration_for(*, user: User, process: Process) -> Declaration | None:
    if not user.is_authenticated:
        return None
    return Declaration.objects.filter(user=user, process=process).first()


def has_voted_online(*, user: User, envelope: Envelope) -> bool:
    return Participation.objects.filter(user=user, envelope=envelope).exists()


def envelopes_voted_online(*, user: User, process: Process) -> set[int]:
    return set(
        Participation.objects.filter(user=user, envelope__process=process).values_list(
            "envelope_id", flat=True
        )
    )








