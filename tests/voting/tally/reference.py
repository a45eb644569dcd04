"""Plain, slow, exact reference counts written straight from the definitions (test oracle)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction


def tie_key(costs: Sequence[int], supporters: Sequence[int], ids: Sequence[str], p: int):
    return (costs[p], -supporters[p], ids[p])


def mes(
    costs: Sequence[int],
    ballots: Sequence[Mapping[int, int]],
    share: Fraction,
    *,
    cost_utility: bool,
    ids: Sequence[str],
) -> list[int]:
    """Method of Equal Shares with every voter starting at `share`, all in Fractions."""
    n = len(ballots)
    supporters = [sum(1 for b in ballots if b.get(p)) for p in range(len(costs))]
    money = [Fraction(share)] * n
    remaining = {p for p in range(len(costs)) if supporters[p]}
    chosen: list[int] = []
    while True:
        best = None
        for p in sorted(remaining):
            sup = [(i, b[p]) for i, b in enumerate(ballots) if b.get(p)]
            if sum(money[i] for i, _ in sup) < costs[p]:
                remaining.discard(p)
                continue
            rho = _level(costs[p], [(money[i], w) for i, w in sup])
            key = (rho / costs[p] if costs[p] else Fraction(0)) if cost_utility else rho
            rank = (key, tie_key(costs, supporters, ids, p))
            if best is None or rank < best[0]:
                best = (rank, p, rho)
        if best is None:
            return chosen
        _, p, rho = best
        for i, b in enumerate(ballots):
            if b.get(p):
                money[i] -= min(money[i], rho * b[p])
        chosen.append(p)
        remaining.discard(p)


def _level(cost: int, sup: list[tuple[Fraction, int]]) -> Fraction:
    """Smallest rho with sum(min(money, rho * weight)) == cost."""
    if cost == 0:
        return Fraction(0)
    sup = sorted(sup, key=lambda t: t[0] / t[1])
    paid = Fraction(0)
    weight = sum(w for _, w in sup)
    for money, w in sup:
        rho = (cost - paid) / weight
        if rho * w <= money:
            return rho
        paid += money
        weight -= w
    return sup[-1][0] / sup[-1][1]


def add1(
    costs: Sequence[int],
    ballots: Sequence[Mapping[int, int]],
    budget: int,
    *,
    cost_utility: bool,
    ids: Sequence[str],
    increment: int = 1,
) -> tuple[list[int], Fraction]:
    """Raise every share one unit at a time while the outcome fits; keep the last that fitted."""
    share = Fraction(budget, len(ballots))
    supported = [p for p in range(len(costs)) if any(b.get(p) for b in ballots)]
    everything = sum(costs[p] for p in supported)
    if everything <= budget:
        # Every outcome fits and raising never stops: it settles once one share pays for all.
        while share < everything:
            share += increment
        return mes(costs, ballots, share, cost_utility=cost_utility, ids=ids), share
    best = mes(costs, ballots, share, cost_utility=cost_utility, ids=ids)
    while True:
        nxt = mes(costs, ballots, share + increment, cost_utility=cost_utility, ids=ids)
        if sum(costs[p] for p in nxt) > budget:
            return best, share
        share += increment
        best = nxt
