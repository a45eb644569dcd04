"""Reads for delivery: how far the funded projects have got, and one project's public page."""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from budgeting.delivery.models import DeliveryStatus, DeliveryUpdate
from budgeting.models import Envelope, Process, Project
from budgeting.proposals.models import Proposal

NOTHING = Decimal("0.00")


def _funded(queryset=None):
    return (queryset if queryset is not None else Project.objects).filter(
        funded_at__isnull=False
    )


def delivery_summary(*, envelope: Envelope) -> dict:
    """How many of an envelope's funded projects are at each stage, and the money involved.

    `rows` has one entry per delivery status, in order, with its label, count and money;
    `funded`/`funded_money` are the totals and `delivered`/`delivered_money` the projects done.
    """
    by_status = {
        row["delivery_status"]: row
        for row in _funded(Project.objects.filter(envelope=envelope))
        .values("delivery_status")
        .annotate(count=Count("id"), money=Sum("cost"))
        .order_by()
    }
    rows = []
    for status in DeliveryStatus:
        found = by_status.get(status.value, {})
        rows.append({"status": status.value, "label": status.label,
                     "count": found.get("count", 0), "money": found.get("money") or NOTHING})
    counts = {row["status"]: row["count"] for row in rows}
    money = {row["status"]: row["money"] for row in rows}
    delivered = counts[DeliveryStatus.DELIVERED]
    return {
        "envelope": envelope,
        "rows": rows,
        "counts": counts,
        "funded": sum(counts.values()),
        "funded_money": sum(money.values(), NOTHING),
        "delivered": delivered,
        "delivered_money": money[DeliveryStatus.DELIVERED],
        "in_progress": counts[DeliveryStatus.IN_PROGRESS],
        "not_started": counts[DeliveryStatus.NOT_STARTED],
        "cancelled": counts[DeliveryStatus.CANCELLED],
    }


def _timeline() -> Prefetch:
    return Prefetch(
        "updates", queryset=DeliveryUpdate.objects.order_by("-on", "-id"), to_attr="timeline"
    )


def delivery_list(*, process: Process) -> list[Project]:
    """The process's funded projects, each with `latest_update` (None before the first)."""
    projects = list(
        _funded(Project.objects.filter(envelope__process=process))
        .select_related("envelope")
        .prefetch_related(_timeline())
        .order_by("envelope__name", "position", "title", "id")
    )
    for project in projects:
        project.latest_update = project.timeline[0] if project.timeline else None
    return projects


def project_public_or_none(*, process: Process, pk: int) -> Project | None:
    """A project of this process with its public proposals (`public_proposals`, never a
    hidden one) and its updates, newest first (`timeline`)."""
    return (
        Project.objects.filter(envelope__process=process, pk=pk)
        .select_related("envelope__process")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.public().order_by("id"),
                to_attr="public_proposals",
            ),
            _timeline(),
        )
        .first()
    )


def result_published(*, envelope: Envelope) -> bool:
    """Whether the envelope's count has been published, so an unfunded project has lost."""
    return Envelope.objects.filter(
        Q(pk=envelope.pk) & Q(tallies__is_published=True)
    ).exists()

