"""The paper desk: before a resident is handed a ballot paper, staff find them in the register
and mark them as voted. A person the register already holds for the envelope (online, with a
code issued to them, or at another desk) is refused, and told when and how they voted.

The mark is the register's entry (a participation with the person's keyed hash); the unique
constraint on (envelope, person) decides between two desks marking one person at once. It
names nobody in the audit log, and never touches a ballot.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgeting.audit import audit_record
from budgeting.models import Envelope
from budgeting.permissions import check_desk_officer
from voting.ballot_box import check_channel, check_voting_open
from voting.desk.selectors import marked_at_desk
from voting.eligibility import check_eligible
from voting.models import Channel, Participation
from voting.privacy import age_band
from voting.register import age_on, person_key
from voting.rules import rules_of


class AlreadyMarked(ValidationError):
    pass


@dataclass(frozen=True)
class Marked:
    envelope: Envelope
    marked_on: date


def _already(envelope: Envelope, person: str) -> AlreadyMarked | None:
    entry = Participation.objects.filter(envelope=envelope, person=person).first()
    if entry is None:
        return None
    return AlreadyMarked(
        _("This person has already voted in %(envelope)s: %(how)s, on %(day)s. Do not give "
          "them a ballot paper.") % {
            "envelope": envelope.name, "how": Channel(entry.channel).in_a_sentence,
            "day": date_format(entry.voted_on, "j F Y")},
        code="already_voted",
    )


def desk_mark(*, staff: User, envelope: Envelope, name: str, born: date, postcode: str
              ) -> Marked:
    """Mark a person as voted on paper in `envelope`, or refuse: already voted, not eligible,
    voting closed, paper switched off."""
    envelope = Envelope.objects.select_related("process").get(pk=envelope.pk)
    check_desk_officer(user=staff, process=envelope.process)
    check_voting_open(process=envelope.process)
    check_channel(rules=rules_of(envelope), channel=Channel.PAPER)
    today = timezone.localdate()
    age = age_on(born, today)
    check_eligible(envelope=envelope, postcode=postcode, age=age)
    person = person_key(name=name, born=born, postcode=postcode)
    if (already := _already(envelope, person)) is not None:
        raise already
    try:
        with transaction.atomic():
            Participation.objects.create(envelope=envelope, channel=Channel.PAPER,
                                         person=person, age_band=age_band(age), voted_on=today)
            audit_record(actor=staff, process=envelope.process, action="register.marked",
                         target=envelope,
                         after={"marked at the desk": marked_at_desk(envelope=envelope)})
    except IntegrityError:
        # Another desk marked them a moment ago: its mark stands.
        if (already := _already(envelope, person)) is not None:
            raise already from None
        raise
    return Marked(envelope=envelope, marked_on=today)
