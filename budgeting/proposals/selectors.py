"""Reads that need more than a one-line query."""

from django.db.models import Count, Prefetch, Q, QuerySet

from budgeting.models import Process, Project
from budgeting.proposals.models import Proposal
from budgeting.supports.selectors import with_support_counts

HIDDEN = "hidden"
BY_SUPPORTS = "supports"


def _filtered(queryset: QuerySet[Proposal], *, envelope: int | None, category: str, text: str
              ) -> QuerySet[Proposal]:
    """The filters the public list and the moderation queue share."""
    if envelope:
        queryset = queryset.filter(envelope_id=envelope)
    if category:
        queryset = queryset.filter(category=category)
    return _search(queryset, text) if text else queryset


def _search(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    for word in text.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(location__icontains=word)
        )
    return queryset


def proposal_list_public(
    *,
    process: Process,
    envelope: int | None = None,
    category: str = "",
    status: str = "",
    text: str = "",
    order: str = "",
) -> QuerySet[Proposal]:
    """Proposals anyone may see, newest first or (`order="supports"`) most supported first:
    a hidden proposal never appears, whatever the filters say. Each comes with its
    `support_count`."""
    queryset = with_support_counts(
        Proposal.objects.public().filter(envelope__process=process)
        .select_related("envelope")
    )
    if status:
        queryset = queryset.filter(status=status)
    queryset = _filtered(queryset, envelope=envelope, category=category, text=text)
    if order == BY_SUPPORTS:
        return queryset.order_by("-support_count", "-created_at", "-id")
    return queryset


def proposal_public_or_none(*, process: Process, pk: int) -> Proposal | None:
    return (
        Proposal.objects.public().filter(envelope__process=process, pk=pk)
        .select_related("envelope__process", "author")
        .prefetch_related(Prefetch("projects", queryset=Project.objects.select_related(
            "envelope__process")))
        .first()
    )


def moderation_queue(
    *,
    process: Process,
    envelope: int | None = None,
    category: str = "",
    status: str = "",
    text: str = "",
    order: str = "",
) -> QuerySet[Proposal]:
    """Everything staff may act on, hidden proposals included, oldest first (or most
    supported first)."""
    queryset = with_support_counts(Proposal.objects.filter(envelope__process=process)
                                   .select_related("envelope", "author"))
    if status == HIDDEN:
        queryset = queryset.hidden()
    elif status:
        queryset = queryset.public().filter(status=status)
    queryset = _filtered(queryset, envelope=envelope, category=category, text=text)
    if order == BY_SUPPORTS:
        return queryset.order_by("-support_count", "created_at", "id")
    return queryset.order_by("created_at", "id")


def status_counts(*, process: Process) -> dict[str, int]:
    rows = (
        Proposal.objects.public().filter(envelope__process=process)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts = dict(rows)
    counts[HIDDEN] = Proposal.objects.hidden().filter(envelope__process=process).count()
    return counts
