"""Finding a typed voting code: one look-up by its keyed digest, whatever its batch.

Codes are stored only as digests (`voting.codes.digest`); a typed code is hashed with the salt
of each batch and looked for among them.
"""

from django.db import connection

from budgeting.models import Envelope, Process
from voting import codes
from voting.ballot_box import on_postgresql
from voting.models import BallotRules, CodeBatch, VotingCode


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
    if on_postgresql():
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
    # Joined as the ORM's select_related would have joined them, so nothing is read twice.
    code.batch = batch
    batch.envelope = envelope
    envelope.process = process
    if rules is not None:
        envelope.rules = rules
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
