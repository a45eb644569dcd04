"""Greedy by support: fund projects in order of votes (or points) while money is left."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from voting.tally.election import Election


@dataclass(slots=True)
class Step:
    project: int
    funded: bool
    left: int  # money left when its turn came


@dataclass(slots=True)
class GreedyRun:
    steps: list[Step]
    selected: list[int]
    spent: int
    stopper: int | None = None  # greedy-no-skip: the project that did not fit
    not_reached: list[int] = field(default_factory=list)  # greedy-no-skip: after the stopper
    tie_groups: list[list[int]] = field(default_factory=list)  # ties that decided something


def eligible_by_threshold(election: Election, threshold: Fraction | None) -> np.ndarray:
    """Projects supported by at least `threshold` of the ballots (all, without a threshold)."""
    if threshold is None:
        return np.ones(len(election.projects), dtype=bool)
    t = Fraction(threshold)
    # supporters / voters >= p/q  <=>  supporters * q >= p * voters, in integers
    return election.supporters * t.denominator >= t.numerator * election.voters


def run_greedy(
    election: Election,
    *,
    skip: bool = True,
    candidates: Iterable[int] | None = None,
    spent: int = 0,
) -> GreedyRun:
    """Walk the candidates by support (ties by the tie order), funding each one that fits.

    Projects without support are never candidates. `spent` is money already committed
    (e.g. by equal shares before a greedy completion).
    """
    wanted = set(range(len(election.projects))) if candidates is None else set(candidates)
    order = [int(p) for p in election.support_order if p in wanted and election.support[p] > 0]
    costs = election.costs
    left = election.budget - spent
    steps: list[Step] = []
    selected: list[int] = []
    stopper: int | None = None
    not_reached: list[int] = []
    for p in order:
        if stopper is not None:
            not_reached.append(p)
            continue
        cost = int(costs[p])
        if cost <= left:
            steps.append(Step(p, True, left))
            selected.append(p)
            left -= cost
        else:
            steps.append(Step(p, False, left))
            if not skip:
                stopper = p
    run = GreedyRun(steps, selected, election.budget - left, stopper, not_reached)
    run.tie_groups = _decisive_ties(election, run, skip=skip)
    return run


def _decisive_ties(election: Election, run: GreedyRun, *, skip: bool) -> list[list[int]]:
    """Groups of equally supported projects whose order changed what was funded.

    With skipping, order inside a group matters only if a project of the group was left out
    although it would have fitted at the group's start. Without skipping, it matters when the
    group holds the project that stopped the count and any other project that was funded, or
    would have fitted at the group's start.
    """
    support = election.support
    costs = election.costs
    walk = [(s.project, s.funded, s.left) for s in run.steps] + [
        (p, False, None) for p in run.not_reached
    ]
    groups: list[list[int]] = []
    i = 0
    while i < len(walk):
        j = i
        while j + 1 < len(walk) and support[walk[j + 1][0]] == support[walk[i][0]]:
            j += 1
        group = walk[i : j + 1]
        i = j + 1
        if len(group) < 2:
            continue
        start_left = group[0][2]
        if start_left is None:
            continue
        members = [p for p, _, _ in group]
        funded = [p for p, f, _ in group if f]
        unfunded = [p for p, f, _ in group if not f]
        if skip:
            if funded and any(costs[p] <= start_left for p in unfunded):
                groups.append(members)
        elif run.stopper in members:
            others = [p for p in members if p != run.stopper]
            if funded or any(costs[p] <= start_left for p in others):
                groups.append(members)
    return groups
