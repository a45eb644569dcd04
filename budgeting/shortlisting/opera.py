"""Plain logic of shortlisting, with no database: suggested pairs, Borda count, agreement.

Kept apart from the services and selectors so that it can be tested and reasoned about alone.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

COUNCIL = "council"


def suggest_pairs(members: Sequence[tuple[Hashable, Hashable, str]]) -> list[list[Hashable]]:
    """Pairs of members that cross partners, a council member with a non-council one first.

    `members` is (member id, partner id, partner kind), in a stable order. Each member is in
    exactly one group; with an odd number the last member joins a pair to make a three, so no
    one is left out. A pair from the same partner is made only when nothing else is left.
    """
    pool = list(members)
    pairs: list[list[Hashable]] = []
    while len(pool) >= 2:
        # Start with a member of the partner with the most people still unpaired, so the
        # largest partner does not end up paired with itself.
        counts: dict[Hashable, int] = {}
        for _, partner, _kind in pool:
            counts[partner] = counts.get(partner, 0) + 1
        first = max(pool, key=lambda m: (counts[m[1]], m[2] == COUNCIL))
        pool.remove(first)

        def preference(other, first=first, counts=counts):
            crosses_partner = other[1] != first[1]
            crosses_kind = (other[2] == COUNCIL) != (first[2] == COUNCIL)
            return (crosses_partner, crosses_kind, counts[other[1]])

        second = max(pool, key=preference)
        pool.remove(second)
        pairs.append([first[0], second[0]])
    if pool:
        if pairs:
            pairs[-1].append(pool[0][0])
        else:
            pairs.append([pool[0][0]])
    return pairs


@dataclass(frozen=True)
class RankRow:
    """One proposal in the panel's ranking."""

    key: Hashable
    points: int
    places: tuple[int, ...]  # each member's place for it, in members' order
    best: int
    worst: int
    spread: int  # worst - best
    deviation: float  # population standard deviation of the places
    agreement: str  # "agree", "mixed" or "differ"


def borda(rankings: Sequence[Mapping[Hashable, int]], keys: Sequence[Hashable]) -> list[RankRow]:
    """Borda count over members' own rankings: with n proposals, place p earns n - p points.

    Each ranking maps every key to a place from 1 to n. Rows come out best first; ties keep
    the order of `keys`. Agreement per proposal is read from the spread of places: a spread
    within a quarter of the list is "agree", beyond half of it is "differ", else "mixed".
    """
    n = len(keys)
    rows = []
    for index, key in enumerate(keys):
        places = tuple(ranking[key] for ranking in rankings)
        points = sum(n - place for place in places)
        if places:
            mean = sum(places) / len(places)
            deviation = math.sqrt(sum((p - mean) ** 2 for p in places) / len(places))
            best, worst = min(places), max(places)
        else:
            deviation, best, worst = 0.0, 0, 0
        spread = worst - best
        if n <= 1 or spread * 4 <= (n - 1):
            agreement = "agree"
        elif spread * 2 > (n - 1):
            agreement = "differ"
        else:
            agreement = "mixed"
        rows.append((-points, index, RankRow(key, points, places, best, worst, spread,
                                             round(deviation, 2), agreement)))
    rows.sort(key=lambda row: row[:2])
    return [row[2] for row in rows]
