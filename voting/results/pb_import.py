"""Load a Pabulib election as a Kist process: one envelope, its projects and its ballots.

The ballots are written in bulk (a city's hundred thousand ballots in seconds, not a query
per ballot). They come through none of Kist's channels, so they are marked imported, have no
participation, and the envelope's channels are all switched off. With no voter in Kist to
link them to, they skip the sealed box, but are written as mixing writes ballots: in a random
order, with random keys and no date.
"""

from __future__ import annotations

import io
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from budgeting.audit import audit_record
from budgeting.models import Envelope, Process, Project
from budgeting.money import MAX_AMOUNT
from voting import codes
from voting.models import Ballot, BallotChoice, BallotRules, BallotType, Channel, CountingRule
from voting.tally import PbFile

BATCH = 10_000


@dataclass(frozen=True)
class Imported:
    process: Process
    envelope: Envelope
    projects: int
    ballots: int


def _day(text: str) -> date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _rules(pb: PbFile) -> dict:
    meta = pb.meta
    rule = meta.get("rule", "").strip().lower()
    if rule.startswith("equalshares") or rule.startswith("equal-shares"):
        counting = CountingRule.EQUAL_SHARES
    elif rule in CountingRule.values:
        counting = CountingRule(rule)
    else:
        counting = CountingRule.GREEDY

    def whole(key: str) -> int | None:
        try:
            return int(Decimal(meta[key]))
        except (KeyError, ArithmeticError, ValueError):
            return None

    kind = pb.election.ballot_type
    fields: dict = {"ballot_type": kind, "counting_rule": counting, "min_projects": 0,
                    "online": False, "codes": False, "paper": False}
    small = 32767  # the rules' small-integer fields
    if kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
        fields["min_projects"] = min(whole("min_length") or 0, small)
        most = 1 if pb.vote_type == "choose-1" else whole("max_length")
        fields["max_projects"] = min(most, small) if most else None
    elif kind == BallotType.POINTS:
        total = whole("max_sum_points") or int(pb.election.ballots.sum(axis=1).max(initial=1))
        fields["points_total"] = max(1, min(total, small))
        fields["points_max_per_project"] = max(1, min(whole("max_points") or total, total, small))
    else:
        lengths = np.diff(pb.election.ballots.indptr)
        length = whole("max_length") or int(lengths.max(initial=1))
        fields["ranking_max"] = max(1, min(length, small))
    return fields


def check_importable(*, pb: PbFile, slug: str) -> None:
    if not slug:
        raise ValidationError("give a process slug with --process (letters, digits, dashes)")
    if Process.objects.filter(slug=slug).exists():
        raise ValidationError(f"a process with the slug {slug!r} already exists; "
                              "choose another with --process")
    budget = Decimal(pb.election.budget)
    if not Decimal(1) <= budget <= MAX_AMOUNT:
        raise ValidationError(f"the budget {budget:,} is outside what an envelope holds "
                              f"(1 to {MAX_AMOUNT:,.0f})")
    free = [p.project_id for p in pb.election.projects if p.cost < 1 or p.cost > MAX_AMOUNT]
    if free:
        raise ValidationError(f"project {free[0]} costs {pb.projects[free[0]].get('cost')}, "
                              "outside what a project can cost")
    if pb.election.voters == 0:
        raise ValidationError("the file has no ballots")


@transaction.atomic
def election_import(*, pb: PbFile, slug: str, title: str = "") -> Imported:
    """Create a process in its results phase holding the file's election, ready to count."""
    slug = slugify(slug)[:80]
    check_importable(pb=pb, slug=slug)
    meta = pb.meta
    yesterday = timezone.localdate() - timedelta(days=1)
    end = min(_day(meta.get("date_end", "")) or yesterday, yesterday)
    start = min(_day(meta.get("date_begin", "")) or end, end)
    place = ", ".join(v for v in (meta.get("country"), meta.get("unit")) if v) or slug
    currency = meta.get("currency", "").strip().upper()
    process = Process.objects.create(
        title=(title or meta.get("description") or f"{place} {meta.get('instance', '')}")[:200],
        slug=slug, area=place[:200],
        description=f"Imported from the Pabulib file of {place} ({meta.get('instance', '')}).",
        ideas_start=start, review_start=start, shortlisting_start=start, voting_start=start,
        voting_end=end,
        currency=currency if len(currency) == 3 and currency.isalpha() else "GBP",
    )
    envelope = Envelope.objects.create(
        process=process, name=(meta.get("subunit") or meta.get("unit") or "Whole area")[:200],
        amount=Decimal(pb.election.budget),
    )
    BallotRules.objects.create(envelope=envelope, locked_at=timezone.now(), **_rules(pb))

    projects = Project.objects.bulk_create(
        Project(
            envelope=envelope, position=i, reference=p.project_id, cost=Decimal(p.cost),
            title=(p.name or pb.projects[p.project_id].get("name") or f"Project {p.project_id}")
            [:160],
            summary=(pb.projects[p.project_id].get("category") or "")[:400],
        )
        for i, p in enumerate(pb.election.projects, start=1)
    )
    if projects[0].pk is None:  # SQLite before RETURNING: read the keys back
        projects = list(Project.objects.filter(envelope=envelope).order_by("position"))

    _write_ballots(pb=pb, envelope=envelope, columns=[p.pk for p in projects])
    audit_record(actor=None, process=process, action="election.imported", target=envelope,
                 after={"projects": len(projects), "ballots": pb.election.voters,
                        "vote_type": pb.vote_type})
    return Imported(process=process, envelope=envelope, projects=len(projects),
                    ballots=pb.election.voters)


def _ballot_rows(*, pb: PbFile, columns: list[int]):
    """(ballot key, receipt, [(project key, value), …]) for every ballot in the file."""
    matrix = pb.election.ballots
    ranking = pb.election.ballot_type == BallotType.RANKING
    receipts: set[str] = set()
    # Not in the file's order of voters, which may be the order they voted in.
    order = list(range(pb.election.voters))
    secrets.SystemRandom().shuffle(order)
    for row in order:
        receipt = codes.new_receipt()
        while receipt in receipts:
            receipt = codes.new_receipt()
        receipts.add(receipt)
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        cols, values = matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist()
        if ranking:
            # Borda points back to places: the most points is first.
            order = sorted(zip(values, cols, strict=True), reverse=True)
            cols, values = [c for _p, c in order], list(range(1, len(order) + 1))
        yield uuid.uuid4(), receipt, [(columns[c], v) for c, v in zip(cols, values, strict=True)]


def _write_ballots(*, pb: PbFile, envelope: Envelope, columns: list[int]) -> None:
    rows = _ballot_rows(pb=pb, columns=columns)
    if connection.vendor == "postgresql":
        _copy_ballots(rows, envelope=envelope)
        return
    while batch := list(islice(rows, BATCH)):
        Ballot.objects.bulk_create(
            Ballot(id=key, envelope=envelope, channel=Channel.IMPORTED, receipt=receipt)
            for key, receipt, _choices in batch
        )
        BallotChoice.objects.bulk_create(
            (BallotChoice(ballot_id=key, project_id=project, value=value)
             for key, _receipt, choices in batch for project, value in choices),
            batch_size=BATCH,
        )


def _copy_ballots(rows, *, envelope: Envelope) -> None:
    """PostgreSQL's COPY: a city's ballots in a few seconds instead of a minute of INSERTs."""
    ballots, choices = io.StringIO(), io.StringIO()
    for key, receipt, chosen in rows:
        ballots.write(f"{key}\t{envelope.pk}\t{Channel.IMPORTED.value}\t{receipt}\tf\t\tf\n")
        for project, value in chosen:
            choices.write(f"{key}\t{project}\t{value}\n")
    ballots.seek(0)
    choices.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {Ballot._meta.db_table} (id, envelope_id, channel, receipt, spoilt, "
            "spoilt_reason, voided) FROM STDIN", ballots)
        cursor.copy_expert(
            f"COPY {BallotChoice._meta.db_table} (ballot_id, project_id, value) FROM STDIN",
            choices)
