"""Reads for supports."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from budgeting.models import Envelope, Proposal
from budgeting.supports.models import Support


def with_support_counts(queryset: QuerySet) -> QuerySet:
    """Proposals, each with how many people support it (`support_count`). A subquery, so it
    adds no join to a list that also counts comments."""
    counts = (Support.objects.filter(proposal=OuterRef("pk")).order_by()
              .values("proposal").annotate(n=Count("pk")).values("n"))
    return queryset.annotate(
        support_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


def support_count(*, proposal: Proposal) -> int:
    return Support.objects.filter(proposal=proposal).count()


def supports_given(*, user: User | AnonymousUser, envelope: Envelope) -> set[int]:
    """The proposals of `envelope` this person supports."""
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, proposal__envelope=envelope)
               .values_list("proposal_id", flat=True))


@dataclass(frozen=True)
class Standing:
    """Where a resident stands with one envelope's supports."""

    limit: int
    given: set[int]

    @property
    def used(self) -> int:
        return len(self.given)

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def standing(*, user: User | AnonymousUser, envelope: Envelope) -> Standing:
    return Standing(limit=envelope.supports_limit,
                    given=supports_given(user=user, envelope=envelope))
