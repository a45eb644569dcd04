"""What a count returns: the funded projects and, for every project, why."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass(frozen=True, slots=True)
class ProjectOutcome:
    project_id: str
    name: str
    cost: int
    support: int  # votes, or points for points and ranking ballots
    supporters: int  # ballots that gave it anything
    selected: bool
    rank: int  # 1-based place by support (ties placed by the tie order)
    reason: str  # an English sentence with the numbers
    reason_code: str  # stable short code, e.g. "funded", "skipped_no_room", "mes_funded"
    reason_params: dict[str, Any]  # the numbers in the sentence, for translations
    tie_decided: bool = False
    round: int | None = None  # equal shares: the round in which it was bought

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "name": self.name,
            "cost": self.cost,
            "support": self.support,
            "supporters": self.supporters,
            "selected": self.selected,
            "rank": self.rank,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "reason_params": _plain(self.reason_params),
            "tie_decided": self.tie_decided,
            "round": self.round,
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    rule: str
    options: dict[str, Any]  # everything needed to repeat the count
    budget: int
    spent: int
    selected: list[str]  # project ids in the order they were funded
    projects: list[ProjectOutcome]  # every project, in the election's order
    voters: int
    ballot_type: str
    tie_decided: bool = False  # did breaking a tie change what was funded?
    tie_notes: list[str] = field(default_factory=list)

    @property
    def left(self) -> int:
        return self.budget - self.spent

    def project(self, project_id: str) -> ProjectOutcome:
        for p in self.projects:
            if p.project_id == project_id:
                return p
        raise KeyError(project_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "options": _plain(self.options),
            "budget": self.budget,
            "spent": self.spent,
            "left": self.left,
            "voters": self.voters,
            "ballot_type": self.ballot_type,
            "selected": list(self.selected),
            "tie_decided": self.tie_decided,
            "tie_notes": list(self.tie_notes),
            "projects": [p.to_json() for p in self.projects],
        }


def _plain(value: Any) -> Any:
    """JSON-ready copy: Fractions become "p/q" strings, NumPy numbers plain numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Fraction):
        return str(value)
    if hasattr(value, "item"):
        return value.item()
    return value
