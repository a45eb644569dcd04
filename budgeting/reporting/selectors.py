"""The annual PB return: money allocated by participatory budgeting, by financial year,
capital or revenue, and ward, as councils report it under the 1% framework."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext as _

from budgeting.models import Envelope
from voting.results.models import Tally

NOTHING = Decimal("0.00")


@dataclass(frozen=True)
class ReturnRow:
    year: str
    round: str
    round_slug: str
    budget: str
    area: str
    spending: str
    fund_source: str
    currency: str
    amount: Decimal
    allocated: Decimal | None  # None until the count is published
    projects_funded: int
    ballots: int | None


@dataclass(frozen=True)
class ReturnTotal:
    year: str
    spending: str
    currency: str
    amount: Decimal
    allocated: Decimal


def _area(envelope: Envelope) -> str:
    wards = [ward.name for ward in envelope.wards.all()]
    if wards:
        return ", ".join(sorted(wards))
    return envelope.postcode_prefixes.strip() or envelope.process.area


def annual_return(*, year: str | None = None) -> list[ReturnRow]:
    """One row per budget of every published round, in the year it is reported in."""
    envelopes = (
        Envelope.objects.filter(process__published_at__isnull=False)
        .select_related("process")
        .prefetch_related("wards", Prefetch(
            "tallies", queryset=Tally.objects.published().order_by("-number")
            .only("id", "envelope_id", "number", "ballots"), to_attr="published"))
        .annotate(allocated=Sum("projects__cost", filter=Q(projects__funded_at__isnull=False)),
                  funded=Count("projects", filter=Q(projects__funded_at__isnull=False)))
        .order_by("process__voting_end", "process__title", "name")
    )
    rows = []
    for envelope in envelopes:
        reported = envelope.reported_year()
        if year and reported != year:
            continue
        tally = envelope.published[0] if envelope.published else None
        rows.append(ReturnRow(
            year=reported, round=envelope.process.title, round_slug=envelope.process.slug,
            budget=envelope.name, area=_area(envelope),
            spending=envelope.get_spending_display() if envelope.spending else _("Not said"),
            fund_source=envelope.fund_source, currency=envelope.process.currency,
            amount=envelope.amount,
            allocated=(envelope.allocated or NOTHING) if tally else None,
            projects_funded=envelope.funded if tally else 0,
            ballots=tally.ballots if tally else None,
        ))
    return rows


def totals(rows: list[ReturnRow]) -> list[ReturnTotal]:
    """Each year's sums, capital and revenue apart (and each currency apart)."""
    sums: dict[tuple[str, str, str], list[Decimal]] = {}
    for row in rows:
        key = (row.year, row.spending, row.currency)
        amount, allocated = sums.get(key, [NOTHING, NOTHING])
        sums[key] = [amount + row.amount, allocated + (row.allocated or NOTHING)]
    return [ReturnTotal(year=y, spending=s, currency=c, amount=a, allocated=al)
            for (y, s, c), (a, al) in sorted(sums.items())]


def years() -> list[str]:
    return sorted({row.year for row in annual_return()}, reverse=True)

