"""The ballot box: what it accepts (voting open, the channel switched on, every rule of the
envelope) and how a ballot goes in, whichever way it was cast.

Online and code ballots (voting.casting), kiosk ballots (api.ballots) and paper ballots entered
by staff (voting.staff) all come through `ballot_write`, inside the caller's transaction, so
they are checked and stored the same way: sealed (voting.sealing), into the box, until mixing
(voting.mixing) opens them in groups and writes them as ballots in a random order.

On PostgreSQL the write runs written-out SQL instead of the ORM's, for speed (see
bench/ballots.py): the same row in the same transaction, and never a voter and a ballot in one
statement. tests/voting/casting/test_cast_statements.py holds it to that.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import Envelope, Phase, Process, Project
from voting import codes, sealing
from voting.checks import check_ballot
from voting.models import BallotRules, Channel, PaperBatch, SealedBallot


class AlreadyVoted(Exception):
    def __init__(self, message: str | None = None):
        super().__init__(message or _("You have already voted on this ballot. Thank you."))


class VotingClosed(ValidationError):
    pass


class ChannelClosed(ValidationError):
    pass


def check_voting_open(*, process: Process) -> None:
    if process.phase != Phase.VOTING:
        raise VotingClosed(
            _("Voting in %(process)s is not open: it is in its %(phase)s phase.")
            % {"process": process.title, "phase": process.get_phase_display().lower()},
            code="voting_closed",
        )


def check_channel(*, rules: BallotRules, channel: str) -> None:
    if channel not in rules.channels:
        raise ChannelClosed(
            _("This ballot does not take votes %(channel)s.")
            % {"channel": Channel(channel).label.lower()},
            code="channel_closed",
        )


def on_postgresql() -> bool:
    """Whether the hot paths of casting may use hand-written SQL.

    Casting is the one write that arrives by the thousand, so on PostgreSQL (production) it skips
    the ORM's query building. Every other database takes the ORM path with the same checks and
    the same constraints; the test suite runs both.
    """
    return connection.vendor == "postgresql"


class ProjectCost(NamedTuple):
    """What the checks need of a project on the ballot: its cost."""

    pk: int
    cost: Decimal


def project_costs(envelope: Envelope) -> dict[int, ProjectCost]:
    """The envelope's projects by id, read afresh for every ballot (an admin may edit a cost)."""
    if on_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, cost FROM budgeting_project WHERE envelope_id = %s", [envelope.pk]
            )
            rows = cursor.fetchall()
    else:
        rows = Project.objects.filter(envelope=envelope).order_by().values_list("pk", "cost")
    return {pk: ProjectCost(pk, cost) for pk, cost in rows}


def rules_freeze(rules: BallotRules, channel: str) -> BallotRules:
    """Freeze the rules at the first ballot, so they cannot change under the voters' feet.

    Until they are frozen, lock their row and re-read them before the ballot is checked: an
    admin's change committed after the caller read them would otherwise slip in between the
    check and the freeze. Rules never saved are saved now, as the defaults the voter saw. Once
    frozen they never change, so later ballots skip all this.
    """
    if rules.locked_at is not None:
        return rules
    read_before = rules
    if rules.pk is None:
        BallotRules.objects.get_or_create(envelope_id=rules.envelope_id)
    rules = (
        BallotRules.objects.select_for_update(of=("self",))
        .select_related("envelope__process")
        .get(envelope_id=rules.envelope_id)
    )
    if channel in read_before.channels:
        check_channel(rules=rules, channel=channel)  # switched off in between
    if rules.locked_at is None:
        rules.locked_at = timezone.now()
        BallotRules.objects.filter(pk=rules.pk).update(locked_at=rules.locked_at)
    return rules


@dataclass(frozen=True)
class BoxReceipt:
    """What a voter takes away from the box: the receipt, and where and when it went in.

    The day is the voter's to keep; the box stores none.
    """

    receipt: str
    envelope: Envelope
    cast_on: date


def ballot_write(*, envelope: Envelope, rules: BallotRules, channel: str, choices: Mapping,
                 today: date, batch: PaperBatch | None = None) -> BoxReceipt:
    """Check `choices` against the envelope's rules and drop them, sealed, into the box: the
    caller's transaction holds the participation (or the paper batch) that goes with it."""
    rules = rules_freeze(rules, channel)
    projects = project_costs(envelope)
    cleaned = check_ballot(rules=rules, projects=projects, choices=choices)
    receipt = codes.new_receipt()
    row = SealedBallot(
        envelope_id=envelope.pk, channel=channel, batch_id=batch.pk if batch else None,
        key_id=sealing.key_id(), receipt_digest=sealing.receipt_digest(receipt),
        sealed=sealing.seal(envelope_id=envelope.pk, channel=channel,
                            batch_id=batch.pk if batch else None, receipt=receipt,
                            choices=cleaned, projects=len(projects)),
    )
    if on_postgresql():
        # One statement, written out: casting is the write that arrives by the thousand.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO voting_sealedballot"
                " (id, envelope_id, channel, batch_id, key_id, receipt_digest, sealed)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [row.id, row.envelope_id, row.channel, row.batch_id, row.key_id,
                 row.receipt_digest, row.sealed],
            )
    else:
        row.save(force_insert=True)
    return BoxReceipt(receipt=receipt, envelope=envelope, cast_on=today)
