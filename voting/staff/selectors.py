"""Reads for the resident-facing voting pages. Nothing here joins a voter to a ballot."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from budgeting.models import Process, Project
from voting.models import (
    Ballot,
    BallotRules,
    CodeBatch,
    PaperBatch,
    SealedBallot,
)


@dataclass
class StaffOverview:
    """Per envelope of a process: rules, project count, ballots by channel, code and paper batches.

    Counts only: nothing here says who cast which ballot.
    """

    rules: dict[int, BallotRules]
    projects: dict[int, int]
    ballots: dict[int, dict[str, int]]
    code_batches: dict[int, list]
    paper_batches: dict[int, list]


def staff_overview(*, process: Process) -> StaffOverview:
    ballots: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (Ballot.objects.filter(envelope__process=process)
                .values("envelope", "channel", "spoilt").annotate(n=Count("id")).order_by()):
        ballots[row["envelope"]]["spoilt" if row["spoilt"] else row["channel"]] += row["n"]
    # Ballots still sealed in the box count as cast: only their contents wait.
    for row in (SealedBallot.objects.filter(envelope__process=process)
                .values("envelope", "channel").annotate(n=Count("id")).order_by()):
        ballots[row["envelope"]][row["channel"]] += row["n"]
    code_batches: dict[int, list] = defaultdict(list)
    for batch in (CodeBatch.objects.filter(envelope__process=process)
                  .select_related("issued_by").annotate(used=Count("codes__participation"))):
        code_batches[batch.envelope_id].append(batch)
    paper_batches: dict[int, list] = defaultdict(list)
    for batch in with_entered(PaperBatch.objects.filter(envelope__process=process)):
        paper_batches[batch.envelope_id].append(batch)
    return StaffOverview(
        rules={r.envelope_id: r for r in BallotRules.objects.filter(envelope__process=process)},
        projects=dict(
            Project.objects.filter(envelope__process=process)
            .values_list("envelope").annotate(n=Count("id")).values_list("envelope", "n")
        ),
        ballots=ballots,
        code_batches=code_batches,
        paper_batches=paper_batches,
    )


def _count_in_batch(model) -> Coalesce:
    rows = (model.objects.filter(batch=OuterRef("pk")).order_by().values("batch")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows), 0)


def with_entered(batches: QuerySet[PaperBatch]) -> QuerySet[PaperBatch]:
    """The batches, each with `entered`: papers mixed and still sealed, in one query."""
    return batches.annotate(entered=_count_in_batch(Ballot) + _count_in_batch(SealedBallot))


def batch_entered(batch: PaperBatch) -> int:
    """Papers entered in a batch: those mixed and those still sealed in the box."""
    return batch.ballots.filter(voided=False).count() + batch.sealed_ballots.count()
