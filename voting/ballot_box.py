"""The ballot box: what it accepts (voting open, the channel switched on, every rule of the
envelope) and how a ballot goes in, whichever way it was cast.

Online and code ballots (voting.casting) and paper ballots entered by staff (voting.staff) all
come through `ballot_write`, inside the caller's transaction, so they are checked and stored
the same way. A ballot never names its voter.

On PostgreSQL the write runs written-out SQL instead of the ORM's, for speed (see
bench/ballots.py): the same rows in the same order and transaction, and never a voter and a
ballot in one statement. tests/voting/casting/test_cast_statements.py holds it to that.
"""

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import Envelope, Phase, Process, Project
from voting import codes
from voting.checks import check_ballot
from voting.models import Ballot, BallotChoice, BallotRules, Channel, PaperBatch


class AlreadyVoted(Exception):
    def __init__(self, message: str | None = None):
        super().__init__(message or _("You have already voted in this envelope. Thank you."))


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
            _("This envelope does not take votes %(channel)s.")
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


def ballot_write(*, envelope: Envelope, rules: BallotRules, channel: str, choices: Mapping,
                 today: date, batch: PaperBatch | None = None) -> Ballot:
    """Check `choices` against the envelope's rules and store them as a ballot: the caller's
    transaction holds the participation (or the paper batch) that goes with it."""
    rules = rules_freeze(rules, channel)
    cleaned = check_ballot(rules=rules, projects=project_costs(envelope), choices=choices)
    if not on_postgresql():
        ballot = Ballot.objects.create(
            envelope=envelope, channel=channel, cast_on=today, receipt=codes.new_receipt(),
            batch=batch,
        )
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, project_id=pk, value=value)
            for pk, value in cleaned.items()
        )
        return ballot
    row = {"id": uuid.uuid4(), "envelope_id": envelope.pk, "channel": channel, "cast_on": today,
           "receipt": codes.new_receipt(), "batch_id": batch.pk if batch else None,
           "spoilt": False, "spoilt_reason": ""}
    # The ballot and its choices in one statement. It names no voter, whatever it logs.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH ballot AS (
                INSERT INTO voting_ballot
                    (id, envelope_id, channel, cast_on, receipt, batch_id, spoilt, spoilt_reason)
                VALUES (%s, %s, %s, %s, %s, %s, false, '')
                RETURNING id
            )
            INSERT INTO voting_ballotchoice (ballot_id, project_id, value)
            SELECT ballot.id, chosen.project, chosen.value
            FROM ballot, unnest(%s::bigint[], %s::integer[]) AS chosen (project, value)
            """,
            [row["id"], envelope.pk, channel, today, row["receipt"], row["batch_id"],
             list(cleaned), list(cleaned.values())],
        )
    fields = Ballot._meta.concrete_fields
    ballot = Ballot.from_db(connection.alias, [f.attname for f in fields],
                            [row[f.attname] for f in fields])
    ballot.envelope = envelope
    return ballot
