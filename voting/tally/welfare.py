"""Max-welfare: the set of projects within the budget with the greatest total support.

A 0/1 knapsack. HiGHS (scipy.optimize.milp) finds an optimal set quickly, but it works in
floating point with tolerances, which at budgets near 10^9 can accept a set a few units over
budget or stop a little short of the optimum. So its answer is only a starting point:

1. the set is checked in integers and cut off and solved again if it does not fit;
2. an exact search in integers then proves that no set does better (finding one if it does)
   and picks, among all optimal sets, the first in the tie order (lexicographically: the set
   holding the earliest project of the order where two sets differ).

The exact search fixes most projects by reduced costs against the linear relaxation (any
set whose total is at least the optimum must agree with the relaxation on every project whose
reduced cost exceeds the relaxation's gap) and branches only on the few that remain.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from voting.tally.election import Election

# Beyond this many branch-and-bound nodes the solver's (integer-checked) set is kept.
NODE_LIMIT = 3_000_000


@dataclass(slots=True)
class WelfareResult:
    selected: list[int]  # in the tie order
    value: int  # total support (or support x cost) of the set
    proved: bool  # optimality proved in integers (not only by the solver)
    alternative: list[int] | None  # another optimal set, when the tie order had to choose


def values(election: Election, utility: str) -> np.ndarray:
    support = election.support.astype(object)
    if utility == "cost":
        return np.array([int(s) * int(c) for s, c in zip(support, election.costs, strict=True)])
    return np.array([int(s) for s in support], dtype=object)


def max_welfare(election: Election, *, utility: str) -> WelfareResult:
    budget = election.budget
    vals = values(election, utility)
    costs = [int(c) for c in election.costs]
    items = [p for p in range(len(costs)) if vals[p] > 0 and costs[p] <= budget]
    if not items:
        return WelfareResult([], 0, True, None)
    priority = [int(r) for r in election.tie_rank]
    v = {p: int(vals[p]) for p in items}
    c = {p: costs[p] for p in items}
    kn = _Items.of(v, c)
    start = _solve_highs(items, [v[p] for p in items], [c[p] for p in items], budget)
    best = sum(v[p] for p in start)
    try:
        # Prove that nothing beats the solver's set, taking any better set found instead.
        incumbent = start
        while True:
            better = _find(items, kn, budget, best + 1)
            if not better:
                break
            incumbent = better[0]
            best = sum(v[p] for p in incumbent)
        chosen = _first_in_tie_order(items, kn, budget, best, incumbent, priority)
        others = _find(items, kn, budget, best, want=2)
    except _TooBig:
        return WelfareResult(sorted(start, key=priority.__getitem__), best, False, None)
    alternative = next((o for o in others if set(o) != set(chosen)), None)
    return WelfareResult(chosen, best, True, alternative)


def _solve_highs(items: list[int], vals: list[int], costs: list[int], budget: int) -> list[int]:
    top = max(vals)
    obj = -np.array([x / top for x in vals], dtype=np.float64)
    cuts: list[list[int]] = []
    for _ in range(50):
        rows = [np.array([costs], dtype=np.float64)]
        ub = [float(budget)]
        for cut in cuts:
            # A no-good cut: at least one project of a set that did not fit must go.
            rows.append(np.array([[1.0 if i in cut else 0.0 for i in range(len(items))]]))
            ub.append(len(cut) - 1.0)
        with _quiet():
            res = milp(
                obj,
                constraints=LinearConstraint(np.vstack(rows), -np.inf, ub),
                integrality=np.ones(len(items)),
                bounds=Bounds(0, 1),
                options={"mip_rel_gap": 0.0},
            )
        if res.x is None:
            return []
        chosen = [i for i, x in enumerate(res.x) if x > 0.5]
        if sum(costs[i] for i in chosen) <= budget:
            return [items[i] for i in chosen]
        cuts.append(chosen)
    return []


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence stray diagnostics some HiGHS builds print straight to the C stdout."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), fd)
            yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


class _TooBig(Exception):
    pass


def _first_in_tie_order(
    items: list[int],
    kn: _Items,
    budget: int,
    best: int,
    incumbent: list[int],
    priority: list[int],
) -> list[int]:
    """Among the sets worth `best`, the one holding the earliest project of the tie order
    where two sets differ: decide the projects one by one in that order."""
    v, c = kn.v, kn.c
    current = set(incumbent)
    forced_in: list[int] = []
    forced_out: set[int] = set()
    for p in sorted(items, key=priority.__getitem__):
        if p in current:
            forced_in.append(p)
            continue
        base = forced_in + [p]
        room = budget - sum(c[q] for q in base)
        if room >= 0:
            rest = [q for q in items if q not in forced_out and q not in base]
            found = _find(rest, kn, room, best - sum(v[q] for q in base))
            if found:
                current = set(base) | set(found[0])
                forced_in.append(p)
                continue
        forced_out.add(p)
    return sorted(current, key=priority.__getitem__)


def _find(items: list[int], kn: _Items, cap: int, need: int, want: int = 1) -> list[list[int]]:
    """Up to `want` distinct sets of items within `cap` worth at least `need` (exact)."""
    if need <= 0 and want == 1:
        return [[]]
    v, c = kn.v, kn.c
    order = sorted(items, key=kn.rank.__getitem__)
    # Reduced-cost fixing against the linear relaxation of these items, in integers: with
    # the edge item k, lambda = v_k / c_k and every quantity below is scaled by c_k.
    room = cap
    full = 0
    vk, ck = 0, 1
    for p in order:
        if c[p] <= room:
            room -= c[p]
            full += v[p]
        else:
            vk, ck = v[p], c[p]
            break
    gap = (full - need) * ck + vk * room  # (relaxation bound - need) * c_k
    if gap < 0:
        return []
    fixed = []
    free = []
    for p in order:
        r = v[p] * ck - vk * c[p]
        if r > gap:
            fixed.append(p)
        elif -r <= gap:
            free.append(p)
    cap -= sum(c[p] for p in fixed)
    need -= sum(v[p] for p in fixed)
    if cap < 0:
        return []
    search = _Search(free, v, c, want)
    search.run(0, cap, need)
    return [fixed + s for s in search.found]


@dataclass(frozen=True, slots=True)
class _Items:
    v: dict[int, int]
    c: dict[int, int]
    rank: dict[int, int]  # place by value per unit of cost, free projects first

    @classmethod
    def of(cls, v: dict[int, int], c: dict[int, int]) -> _Items:
        order = sorted(v, key=lambda p: (-Fraction(v[p], c[p]) if c[p] else -np.inf, p))
        return cls(v, c, {p: i for i, p in enumerate(order)})


class _Search:
    """Depth-first branch and bound in order of value per unit of cost (all integers)."""

    def __init__(self, order: list[int], v: dict[int, int], c: dict[int, int], want: int):
        self.order = order
        self.vs = [v[p] for p in order]
        self.cs = [c[p] for p in order]
        self.pc = [0]
        self.pv = [0]
        for vi, ci in zip(self.vs, self.cs, strict=True):
            self.pc.append(self.pc[-1] + ci)
            self.pv.append(self.pv[-1] + vi)
        self.want = want
        self.found: list[list[int]] = []
        self.chosen: list[int] = []
        self.nodes = 0

    def run(self, i: int, cap: int, need: int) -> None:
        self.nodes += 1
        if self.nodes > NODE_LIMIT:
            raise _TooBig
        n = len(self.order)
        if need <= 0 and self.want == 1:
            self.found.append(list(self.chosen))
            return
        if i == n:
            if need <= 0:
                self.found.append(list(self.chosen))
            return
        # Linear relaxation of items i.. within cap: whole items while they fit, then a part.
        j = bisect_right(self.pc, self.pc[i] + cap) - 1
        full = self.pv[j] - self.pv[i]
        if full < need:
            if j >= n:
                return
            room = cap - (self.pc[j] - self.pc[i])
            if (need - full) * self.cs[j] > room * self.vs[j]:
                return
        if self.cs[i] <= cap:
            self.chosen.append(self.order[i])
            self.run(i + 1, cap - self.cs[i], need - self.vs[i])
            self.chosen.pop()
            if len(self.found) >= self.want:
                return
        self.run(i + 1, cap, need)
