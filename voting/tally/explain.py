"""Reasons a person can read: one sentence per project, built from a code and its numbers.

Rules record a Verdict (reason_code + numbers); this module turns it into English. Keeping the
numbers apart lets a later translation rebuild the same sentence in another language.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

Money = Callable[[int], str]


def plain_money(amount: int) -> str:
    """Default money format: thousands separators, no currency symbol."""
    return f"{amount:,}"


@dataclass(slots=True)
class Verdict:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    round: int | None = None
    tie: bool = False


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def percent(share: Fraction) -> str:
    value = share * 100
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def whole(amount: float | Fraction, *, up: bool = False) -> int:
    """Money shown in reasons is whole units: rounded down, or up for an upper bound."""
    return int(math.ceil(amount)) if up else int(math.floor(amount))


# Keys of params holding money, formatted with the count's money function.
MONEY_KEYS = frozenset(
    {"left", "budget", "cost", "had", "max_payment", "spent", "stopper_cost", "share"}
)

TEMPLATES: dict[str, str] = {
    "funded": "funded: {place} by {measure} ({support}); {left} of {budget} left before it",
    "skipped_no_room": (
        "not funded: {place} by {measure} ({support}); {left} was left when its turn came "
        "and it costs {cost}"
    ),
    "stopped_no_room": (
        "not funded: {place} by {measure} ({support}); {left} was left when its turn came "
        "and it costs {cost}, so counting stopped here"
    ),
    "stopped": (
        "not funded: {place} by {measure} ({support}); counting stopped earlier, at "
        "{stopper} ({stopper_place} by {measure})"
    ),
    "no_support": "not funded: no one voted for it",
    "below_threshold": (
        "not funded: {supporters} of {voters} ballots support it ({share_of_votes}), "
        "below the threshold of {threshold}"
    ),
    "too_expensive": "not funded: it costs {cost}, more than the whole budget of {budget}",
    "mw_funded": (
        "funded: part of the combination with the greatest total {objective} that fits the "
        "budget ({value} for {spent} of {budget}); it has {support} {measure}"
    ),
    "mw_not_funded": (
        "not funded: the combination with the greatest total {objective} that fits the "
        "budget ({value} for {spent} of {budget}) leaves it out; it has {support} {measure} "
        "and costs {cost}"
    ),
    "mes_funded": (
        "funded by equal shares in round {round}: its {supporters} supporters had {had} left "
        "between them against its cost of {cost}; each paid at most {max_payment} "
        "(every voter started with {share})"
    ),
    "mes_not_affordable": (
        "not funded: under equal shares its {supporters} supporters had {had} left between "
        "them when counting ended, less than its cost of {cost} (every voter started with "
        "{share})"
    ),
    "completion_funded": (
        "funded when the money left was filled by {measure}: equal shares could not fund it "
        "(its supporters had {had} of its cost of {cost}); {place} by {measure} ({support}), "
        "{left} of {budget} left before it"
    ),
    "completion_no_room": (
        "not funded: equal shares could not fund it (its supporters had {had} of its cost of "
        "{cost}), and only {left} was left when its turn came in the filling by {measure}"
    ),
}


def render(code: str, params: dict[str, Any], *, money: Money) -> str:
    shown: dict[str, Any] = {}
    for key, value in params.items():
        if key in MONEY_KEYS and isinstance(value, int):
            shown[key] = money(value)
        elif key in ("place", "stopper_place") and isinstance(value, int):
            shown[key] = ordinal(value)
        elif isinstance(value, bool):
            shown[key] = value
        elif isinstance(value, int):
            shown[key] = f"{value:,}"
        else:
            shown[key] = value
    return TEMPLATES[code].format(**shown)
