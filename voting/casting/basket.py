"""Reads for the resident-facing voting pages. Nothing here joins a voter to a ballot."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from budgeting.models import Project
from voting.models import BallotRules, BallotType


@dataclass
class Basket:
    """Where a draft ballot stands against the envelope's rules, for the live summary.

    Only arithmetic on what the voter has ticked so far: the rules themselves are checked by
    `voting.checks.check_ballot` when the voter goes on and again when the ballot is cast.
    """

    ballot_type: str
    budget: Decimal
    spent: Decimal = Decimal(0)
    chosen: int = 0
    most: int | None = None
    least_spend: Decimal = Decimal(0)
    points_total: int = 0
    points_used: int = 0
    # Knapsack: for each unticked project that no longer fits, by how much it is over.
    over_by: dict[int, Decimal] = field(default_factory=dict)

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent

    @property
    def over_budget(self) -> Decimal:
        return max(Decimal(0), self.spent - self.budget)

    @property
    def meter_value(self) -> Decimal:
        return min(self.spent, self.budget)

    @property
    def over_count(self) -> int:
        return max(0, self.chosen - self.most) if self.most else 0

    @property
    def count_meter(self) -> int:
        return min(self.chosen, self.most or self.chosen)

    @property
    def points_meter(self) -> int:
        return min(self.points_used, self.points_total)

    @property
    def points_left(self) -> int:
        return self.points_total - self.points_used

    @property
    def points_over(self) -> int:
        return max(0, -self.points_left)

    @property
    def under_spend(self) -> Decimal:
        return max(Decimal(0), self.least_spend - self.spent)


def basket(*, rules: BallotRules, projects: list[Project], choices: Mapping[int, int]) -> Basket:
    by_pk = {p.pk: p for p in projects}
    chosen = {pk: v for pk, v in choices.items() if pk in by_pk and v > 0}
    budget = rules.envelope.amount
    result = Basket(
        ballot_type=rules.ballot_type,
        budget=budget,
        chosen=len(chosen),
        points_total=rules.points_total,
        points_used=sum(chosen.values()) if rules.ballot_type == BallotType.POINTS else 0,
    )
    if rules.ballot_type == BallotType.KNAPSACK:
        result.spent = sum((by_pk[pk].cost for pk in chosen), Decimal(0))
        result.least_spend = budget * rules.min_spend_percent / 100
        result.most = rules.max_projects
        result.over_by = {
            p.pk: p.cost - result.left
            for p in projects
            if p.pk not in chosen and p.cost > result.left
        }
    elif rules.ballot_type == BallotType.APPROVAL:
        result.most = rules.max_projects or len(projects)
    elif rules.ballot_type == BallotType.RANKING:
        result.most = min(rules.ranking_max, len(projects))
    return result
