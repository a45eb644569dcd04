"""Writes for voting. A ballot and its participation are written in one transaction.

The participation's unique constraints decide, in the database, which of two racing requests
for the same voter wins; the loser's whole transaction rolls back and it is told it has voted.

On PostgreSQL, casting (the code look-up, the participation, the ballot and its choices) runs
written-out SQL instead of the ORM's, for speed (see bench/ballots.py); it reads and writes the
same rows in the same order and transaction, and never names a voter and a ballot in one
statement. tests/voting/test_cast_statements.py holds it to that.
"""

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.audit import audit_record, snapshot
from budgeting.models import Envelope, Phase, Process
from budgeting.permissions import check_moderator, check_process_admin
from voting import codes
from voting.checks import check_ballot
from voting.models import (
    Ballot,
    BallotChoice,
    BallotRules,
    Channel,
    CodeBatch,
    Declaration,
    PaperBatch,
    Participation,
    Project,
    VotingCode,
)


class AlreadyVoted(Exception):
    def __init__(self, message: str | None = None):
        super().__init__(message or _("You have already voted in this envelope. Thank you."))


class VotingClosed(ValidationError):
    pass


class ChannelClosed(ValidationError):
    pass


RULE_FIELDS = [
    "ballot_type", "min_projects", "max_projects", "min_spend_percent", "points_total",
    "points_max_per_project", "ranking_max", "counting_rule", "online", "codes", "paper",
]


def age_band(age: int) -> str:
    for upper, band in ((15, "under 16"), (24, "16-24"), (44, "25-44"), (64, "45-64")):
        if age <= upper:
            return band
    return "65+"


def rules_for(envelope: Envelope) -> BallotRules:
    rules, _created = BallotRules.objects.get_or_create(envelope=envelope)
    return rules


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


def _on_postgresql() -> bool:
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


def _projects(envelope: Envelope) -> dict[int, ProjectCost]:
    """The envelope's projects by id, read afresh for every ballot (an admin may edit a cost)."""
    if _on_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, cost FROM budgeting_project WHERE envelope_id = %s", [envelope.pk]
            )
            rows = cursor.fetchall()
    else:
        rows = Project.objects.filter(envelope=envelope).order_by().values_list("pk", "cost")
    return {pk: ProjectCost(pk, cost) for pk, cost in rows}


def _lock_rules(rules: BallotRules, channel: str) -> BallotRules:
    """Freeze the rules at the first ballot, so they cannot change under the voters' feet.

    Until they are frozen, lock their row and re-read them before the ballot is checked: an
    admin's change committed after the caller read them would otherwise slip in between the
    check and the freeze. Once frozen they never change, so later ballots skip all this.
    """
    if rules.locked_at is not None:
        return rules
    read_before = rules
    rules = (
        BallotRules.objects.select_for_update(of=("self",))
        .select_related("envelope__process")
        .get(pk=rules.pk)
    )
    if channel in read_before.channels:
        check_channel(rules=rules, channel=channel)  # switched off in between
    if rules.locked_at is None:
        rules.locked_at = timezone.now()
        BallotRules.objects.filter(pk=rules.pk).update(locked_at=rules.locked_at)
    return rules


def _write_ballot(*, envelope: Envelope, rules: BallotRules, channel: str, choices: Mapping,
                  today: date, batch: PaperBatch | None = None) -> Ballot:
    rules = _lock_rules(rules, channel)
    cleaned = check_ballot(rules=rules, projects=_projects(envelope), choices=choices)
    if not _on_postgresql():
        ballot = Ballot.objects.create(
            envelope=envelope, channel=channel, cast_on=today, receipt=codes.new_receipt(),
            batch=batch,
        )
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, project_id=pk, value=value)
            for pk, value in cleaned.items()
        )
        return ballot
    # The ballot and its choices in one statement. It names no voter, whatever it logs.
    ballot = Ballot(id=uuid.uuid4(), envelope=envelope, channel=channel, cast_on=today,
                    receipt=codes.new_receipt(), batch=batch)
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
            [ballot.id, envelope.pk, channel, today, ballot.receipt, ballot.batch_id,
             list(cleaned), list(cleaned.values())],
        )
    ballot._state.adding = False
    ballot._state.db = connection.alias
    return ballot


def _load_rules(envelope: Envelope) -> BallotRules:
    rules = BallotRules.objects.select_related("envelope__process").filter(envelope=envelope)
    try:
        return rules.get()
    except BallotRules.DoesNotExist:
        # An envelope whose rules were never saved votes under the defaults.
        rules_for(envelope)
        return rules.get()


@transaction.atomic
def declaration_make(*, user: User, process: Process, postcode: str, age: int) -> Declaration:
    """Record where a resident lives and their age; once they have voted it cannot change."""
    existing = Declaration.objects.select_for_update().filter(user=user, process=process).first()
    if existing is not None:
        if Participation.objects.filter(user=user, envelope__process=process).exists():
            raise ValidationError(
                _("You have already voted in this process, so your postcode and age cannot "
                  "change."), code="declared",
            )
        existing.postcode, existing.age = postcode, age
        existing.full_clean()
        existing.save()
        return existing
    declaration = Declaration(user=user, process=process, postcode=postcode, age=age)
    declaration.full_clean()
    declaration.save()
    return declaration


def eligible_envelopes(*, process: Process, postcode: str, age: int) -> list[Envelope]:
    return [
        envelope
        for envelope in process.envelopes.all()
        if envelope.covers_postcode(postcode) and age >= envelope.minimum_age
    ]


def check_eligible(*, envelope: Envelope, declaration: Declaration | None) -> None:
    if declaration is None:
        raise ValidationError(_("Tell us your postcode and age first."), code="undeclared")
    if not envelope.covers_postcode(declaration.postcode):
        raise ValidationError(
            _("%(envelope)s is for postcodes starting %(prefixes)s.")
            % {"envelope": envelope.name, "prefixes": envelope.postcode_prefixes},
            code="postcode",
        )
    if declaration.age < envelope.minimum_age:
        raise ValidationError(
            _("You need to be %(age)d or over to vote in %(envelope)s.")
            % {"age": envelope.minimum_age, "envelope": envelope.name},
            code="age",
        )


def _participation_exists(**lookup) -> bool:
    return Participation.objects.filter(**lookup).exists()


def ballot_cast_online(*, user: User, envelope: Envelope, choices: Mapping) -> Ballot:
    try:
        with transaction.atomic():
            rules = _load_rules(envelope)
            process = rules.envelope.process
            check_voting_open(process=process)
            check_channel(rules=rules, channel=Channel.ONLINE)
            declaration = Declaration.objects.filter(user=user, process=process).first()
            check_eligible(envelope=envelope, declaration=declaration)
            if _participation_exists(user=user, envelope=envelope):
                raise AlreadyVoted()
            today = timezone.localdate()
            Participation.objects.create(
                envelope=envelope, channel=Channel.ONLINE, user=user,
                age_band=age_band(declaration.age), voted_on=today,
            )
            return _write_ballot(envelope=envelope, rules=rules, channel=Channel.ONLINE,
                                 choices=choices, today=today)
    except IntegrityError:
        if _participation_exists(user=user, envelope=envelope):
            raise AlreadyVoted() from None
        raise


class UnknownCode(Exception):
    pass


# A batch's salt never changes, so each process remembers the salts of an envelope's batches and
# looks a typed code up with one query. A code not found with them is looked for again with the
# salts read afresh, in case a batch was issued since.
_known_salts: dict[int, list[str]] = {}


def _code_with(raw: str, salts: list[str]) -> VotingCode | None:
    digests = [codes.digest(salt=salt, raw=raw) for salt in salts]
    if not digests:
        return None
    if _on_postgresql():
        return _code_with_sql(digests)
    # The envelope, its process and its rules come along: casting needs them next.
    found = (
        VotingCode.objects.select_related("batch__envelope__process", "batch__envelope__rules")
        .filter(digest__in=digests)
        .order_by()[:1]
    )
    return next(iter(found), None)


# The same as the query above, written out as one look-up per table, each by a key: PostgreSQL
# plans a five-table join afresh on every call for four times what five single-row reads cost.
# Each reads every column of its model, in the model's field order; only the models' own names
# go into the text, the values are parameters.
def _row_sql(model, where: str) -> str:
    fields = model._meta.concrete_fields
    columns = ", ".join(f'"{field.column}"' for field in fields)
    return f'SELECT {columns} FROM "{model._meta.db_table}" WHERE {where} LIMIT 1'  # noqa: S608


_CODE_ROWS = {
    model: (_row_sql(model, where), [field.attname for field in model._meta.concrete_fields])
    for model, where in [
        (VotingCode, "digest = ANY(%s)"),
        (CodeBatch, "id = %s"),
        (Envelope, "id = %s"),
        (Process, "id = %s"),
        (BallotRules, "envelope_id = %s"),
    ]
}


def _read_row(cursor, model, key):
    sql, attnames = _CODE_ROWS[model]
    cursor.execute(sql, [key])
    row = cursor.fetchone()
    return None if row is None else model.from_db(connection.alias, attnames, row)


def _code_with_sql(digests: list[str]) -> VotingCode | None:
    with connection.cursor() as cursor:
        code = _read_row(cursor, VotingCode, digests)
        if code is None:
            return None
        batch = _read_row(cursor, CodeBatch, code.batch_id)
        envelope = _read_row(cursor, Envelope, batch.envelope_id)
        process = _read_row(cursor, Process, envelope.process_id)
        rules = _read_row(cursor, BallotRules, envelope.pk)  # None if never saved
    VotingCode.batch.field.set_cached_value(code, batch)
    CodeBatch.envelope.field.set_cached_value(batch, envelope)
    Envelope.process.field.set_cached_value(envelope, process)
    Envelope.rules.related.set_cached_value(envelope, rules)
    if rules is not None:
        BallotRules.envelope.field.set_cached_value(rules, envelope)
    return code


def code_find(*, typed: str, envelope: Envelope | None = None) -> VotingCode:
    """The code as typed, or UnknownCode. Used codes are found too: casting says they voted."""
    try:
        raw = codes.normalise(typed)
    except codes.MalformedCode:
        raise UnknownCode() from None
    batches = CodeBatch.objects.all()
    if envelope is not None:
        known = _known_salts.get(envelope.pk)
        if known:
            found = _code_with(raw, known)
            if found is not None and found.batch.envelope_id == envelope.pk:
                return found
        batches = batches.filter(envelope=envelope)
    salts = list(batches.values_list("salt", flat=True))
    if envelope is not None:
        _known_salts[envelope.pk] = salts
    found = _code_with(raw, salts)
    if found is None:
        raise UnknownCode()
    return found


def code_is_used(code: VotingCode) -> bool:
    return _participation_exists(code=code)


def _rules_along(envelope: Envelope) -> BallotRules:
    """The rules fetched along with the envelope and its process (code_find does), or read now.

    Reading them a moment earlier, with the code, is no staler than reading them first thing in
    the transaction: neither locks them. Rules not yet frozen are re-read under a lock anyway.
    """
    if Envelope.process.is_cached(envelope) and Envelope.rules.is_cached(envelope):
        try:
            return envelope.rules
        except BallotRules.DoesNotExist:
            pass  # never saved: _load_rules makes the defaults
    return _load_rules(envelope)


def ballot_cast_with_code(*, code: VotingCode, choices: Mapping) -> Ballot:
    envelope = code.batch.envelope
    try:
        with transaction.atomic():
            rules = _rules_along(envelope)
            check_voting_open(process=rules.envelope.process)
            check_channel(rules=rules, channel=Channel.CODE)
            today = timezone.localdate()
            # The participation's unique code decides: a second insert of the same code waits
            # for the first transaction and fails if it committed, and then this one rolls back
            # whole (below). No lock or look-up first: the database does both in the insert.
            if _on_postgresql():
                _participation_insert_code(envelope=envelope, code=code, today=today)
            else:
                Participation.objects.create(envelope=envelope, channel=Channel.CODE, code=code,
                                             voted_on=today)
            return _write_ballot(envelope=envelope, rules=rules, channel=Channel.CODE,
                                 choices=choices, today=today)
    except IntegrityError:
        if _participation_exists(code=code):
            raise AlreadyVoted(_("This voting code has already been used.")) from None
        raise


def _participation_insert_code(*, envelope: Envelope, code: VotingCode, today: date) -> None:
    """Participation.objects.create for a code, in SQL. It names no ballot, whatever it logs.

    A code already used conflicts on its unique key: that does nothing and raises AlreadyVoted,
    which rolls the transaction back (the caller's atomic block), as the IntegrityError would.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO voting_participation (envelope_id, channel, code_id, age_band, voted_on)
            VALUES (%s, %s, %s, '', %s)
            ON CONFLICT (code_id) DO NOTHING
            RETURNING id
            """,
            [envelope.pk, Channel.CODE.value, code.pk, today],
        )
        if cursor.fetchone() is None:
            raise AlreadyVoted(_("This voting code has already been used."))


def receipt_is_counted(*, receipt: str) -> Ballot | None:
    cleaned = "".join(ch for ch in receipt.upper() if ch.isalnum()).translate(codes.LOOKALIKES)
    if len(cleaned) != 10:
        return None
    return (
        Ballot.objects.filter(receipt=f"{cleaned[:5]}-{cleaned[5:]}", spoilt=False)
        .select_related("envelope__process")
        .first()
    )


# Staff


@transaction.atomic
def rules_update(*, admin: User, envelope: Envelope, **fields) -> BallotRules:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"not ballot rules: {sorted(unknown)}")
    rules_for(envelope)
    rules = BallotRules.objects.select_for_update().select_related("envelope__process").get(
        envelope=envelope
    )
    check_process_admin(user=admin, process=rules.envelope.process)
    if rules.locked_at is not None or Ballot.objects.filter(envelope=envelope).exists():
        raise ValidationError(
            _("Ballots have been cast in this envelope, so its rules can no longer change."),
            code="locked",
        )
    before = snapshot(rules, RULE_FIELDS)
    for name, value in fields.items():
        setattr(rules, name, value)
    if rules.max_projects is not None and rules.max_projects < rules.min_projects:
        raise ValidationError(
            {"max_projects": _("The most projects cannot be fewer than the fewest.")}
        )
    if rules.points_max_per_project > rules.points_total:
        raise ValidationError(
            {"points_max_per_project": _("This cannot be more than the points to share.")}
        )
    rules.full_clean()
    rules.save()
    audit_record(actor=admin, process=rules.envelope.process, action="ballot_rules.updated",
                 target=rules, before=before, after=snapshot(rules, RULE_FIELDS))
    return rules


MAX_CODES_AT_ONCE = 20000


@transaction.atomic
def codes_issue(*, staff: User | None, envelope: Envelope, count: int, note: str = "") -> list[str]:
    """Make `count` new codes and return them in plain text — the only time they exist so."""
    if staff is not None:
        check_process_admin(user=staff, process=envelope.process)
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValidationError(
            {"count": _("Issue between 1 and %(n)s codes at a time.")
             % {"n": f"{MAX_CODES_AT_ONCE:,}"}}
        )
    batch = CodeBatch.objects.create(envelope=envelope, salt=codes.new_salt(), count=count,
                                     issued_by=staff, note=note)
    plain = set()
    while len(plain) < count:
        plain.add(codes.new_code())
    plain_list = sorted(plain)
    VotingCode.objects.bulk_create(
        VotingCode(batch=batch, digest=codes.digest(salt=batch.salt, raw=codes.normalise(c)))
        for c in plain_list
    )
    audit_record(actor=staff, process=envelope.process, action="codes.issued", target=batch,
                 after={"count": count, "note": note})
    return plain_list


@transaction.atomic
def paper_batch_open(*, staff: User, envelope: Envelope, event: str, place: str, held_on: date,
                     declared_count: int) -> PaperBatch:
    check_moderator(user=staff, process=envelope.process)
    rules = rules_for(envelope)
    check_channel(rules=rules, channel=Channel.PAPER)
    batch = PaperBatch(envelope=envelope, event=event, place=place, held_on=held_on,
                       declared_count=declared_count, opened_by=staff)
    batch.full_clean()
    batch.save()
    audit_record(actor=staff, process=envelope.process, action="paper_batch.opened",
                 target=batch, after=snapshot(batch, ["event", "place", "held_on",
                                                      "declared_count"]))
    return batch


def _locked_open_batch(batch: PaperBatch) -> PaperBatch:
    batch = PaperBatch.objects.select_for_update().select_related("envelope__process").get(
        pk=batch.pk
    )
    if batch.status != PaperBatch.Status.OPEN:
        raise ValidationError(_("This batch is closed; no more ballots can be entered."),
                              code="closed")
    return batch


@transaction.atomic
def paper_ballot_enter(*, staff: User, batch: PaperBatch, choices: Mapping) -> Ballot:
    batch = _locked_open_batch(batch)
    check_moderator(user=staff, process=batch.envelope.process)
    rules = _load_rules(batch.envelope)
    ballot = _write_ballot(envelope=batch.envelope, rules=rules, channel=Channel.PAPER,
                           choices=choices, today=batch.held_on, batch=batch)
    audit_record(actor=staff, process=batch.envelope.process, action="paper_ballot.entered",
                 target=batch, after={"receipt": ballot.receipt})
    return ballot


@transaction.atomic
def paper_ballot_spoil(*, staff: User, batch: PaperBatch, reason: str) -> Ballot:
    batch = _locked_open_batch(batch)
    check_moderator(user=staff, process=batch.envelope.process)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ballot paper is spoilt.")})
    ballot = Ballot.objects.create(
        envelope=batch.envelope, channel=Channel.PAPER, cast_on=batch.held_on,
        receipt=codes.new_receipt(), batch=batch, spoilt=True, spoilt_reason=reason.strip(),
    )
    audit_record(actor=staff, process=batch.envelope.process, action="paper_ballot.spoilt",
                 target=batch, after={"receipt": ballot.receipt, "reason": reason.strip()})
    return ballot


@transaction.atomic
def paper_batch_close(*, staff: User, batch: PaperBatch) -> PaperBatch:
    batch = _locked_open_batch(batch)
    check_moderator(user=staff, process=batch.envelope.process)
    entered = batch.ballots.count()
    if entered != batch.declared_count:
        raise ValidationError(
            _("%(entered)d ballot papers have been entered but %(declared)d were declared. "
              "Enter the missing ones or correct the declared number before closing.")
            % {"entered": entered, "declared": batch.declared_count},
            code="unreconciled",
        )
    batch.status = PaperBatch.Status.CLOSED
    batch.closed_at = timezone.now()
    batch.save(update_fields=["status", "closed_at"])
    audit_record(actor=staff, process=batch.envelope.process, action="paper_batch.closed",
                 target=batch, after={"entered": entered})
    return batch


@transaction.atomic
def paper_batch_redeclare(*, staff: User, batch: PaperBatch, declared_count: int) -> PaperBatch:
    batch = _locked_open_batch(batch)
    check_moderator(user=staff, process=batch.envelope.process)
    before = snapshot(batch, ["declared_count"])
    batch.declared_count = declared_count
    batch.full_clean()
    batch.save(update_fields=["declared_count"])
    audit_record(actor=staff, process=batch.envelope.process, action="paper_batch.redeclared",
                 target=batch, before=before, after=snapshot(batch, ["declared_count"]))
    return batch
