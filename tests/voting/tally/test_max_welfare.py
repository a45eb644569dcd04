"""Max-welfare: the exact 0/1 knapsack, checked against brute force, at real budget scales."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from voting.tally import Election, Project, count
from voting.tally.welfare import max_welfare

from .conftest import approval


def brute_force(election: Election, utility: str) -> tuple[int, list[frozenset[int]]]:
    """The best value and every set reaching it, by trying all sets."""
    m = len(election.projects)
    support = [int(s) for s in election.support]
    costs = [int(c) for c in election.costs]
    value = [s * c if utility == "cost" else s for s, c in zip(support, costs, strict=True)]
    best, sets = -1, []
    for r in range(m + 1):
        for combo in itertools.combinations(range(m), r):
            if any(support[p] == 0 for p in combo):
                continue
            if sum(costs[p] for p in combo) > election.budget:
                continue
            v = sum(value[p] for p in combo)
            if v > best:
                best, sets = v, [frozenset(combo)]
            elif v == best:
                sets.append(frozenset(combo))
    return best, sets


def first_in_tie_order(election: Election, sets: list[frozenset[int]]) -> frozenset[int]:
    order = sorted(range(len(election.projects)), key=lambda p: election.tie_rank[p])
    return max(sets, key=lambda s: [p in s for p in order])


def random_election(rng: random.Random, *, m: int, scale: int) -> Election:
    costs = {f"p{i}": rng.randint(1, scale) for i in range(m)}
    voters = rng.randint(1, 30)
    popularity = [rng.random() for _ in range(m)]
    ballots = [
        [f"p{i}" for i in range(m) if rng.random() < popularity[i]] for _ in range(voters)
    ]
    budget = rng.randint(0, sum(costs.values()))
    projects = [Project(pid, cost) for pid, cost in costs.items()]
    return Election.from_approval(projects, budget, ballots)


@pytest.mark.parametrize("utility", ["count", "cost"])
def test_it_finds_the_best_set_and_the_first_optimal_set_in_the_tie_order(utility):
    rng = random.Random(7)
    for _ in range(60):
        election = random_election(rng, m=rng.randint(1, 9), scale=rng.choice([10, 10**6]))
        best, sets = brute_force(election, utility)
        result = max_welfare(election, utility=utility)
        assert result.proved
        assert result.value == best
        assert frozenset(result.selected) == first_in_tie_order(election, sets)
        assert (result.alternative is not None) == (len(sets) > 1)


@pytest.mark.parametrize("utility", ["count", "cost"])
def test_it_is_exact_at_a_budget_of_a_billion_with_costs_sharing_no_divisor(utility):
    # Floats with tolerances would accept a set one unit over budget, or miss the optimum by
    # a unit; the answer is checked and proved in integers.
    rng = random.Random(2024)
    budget = 1_000_000_000
    for _ in range(4):
        costs = {f"p{i:02d}": rng.randint(30_000_000, 400_000_000) | 1 for i in range(16)}
        voters = [
            [pid for pid in costs if rng.random() < 0.35] for _ in range(rng.randint(5, 40))
        ]
        election = Election.from_approval(
            [Project(pid, cost) for pid, cost in costs.items()], budget, voters
        )
        best, sets = brute_force(election, utility)
        result = max_welfare(election, utility=utility)
        assert result.value == best
        assert sum(int(election.costs[p]) for p in result.selected) <= budget
        assert frozenset(result.selected) == first_in_tie_order(election, sets)


def test_a_set_one_unit_over_budget_is_never_taken():
    costs = {"a": 500_000_001, "b": 500_000_000, "c": 1}
    election = approval(costs, 1_000_000_000, ["ab"] * 10 + ["c"])
    # a + b (20 votes) is one unit over the budget. By votes, a + c and b + c tie and the
    # tie order takes the cheaper b; weighted by cost, a is worth a little more.
    outcome = count(election, rule="max-welfare", utility="count")
    assert set(outcome.selected) == {"b", "c"}
    assert outcome.tie_decided
    outcome = count(election, rule="max-welfare", utility="cost")
    assert set(outcome.selected) == {"a", "c"}
    assert outcome.spent == 1_000_000_000 // 2 + 2


def test_cost_utility_weighs_each_supporter_by_the_cost():
    projects = [Project("big", 90), Project("s1", 45), Project("s2", 40)]
    ballots = [["big"], ["big"], ["s1"], ["s2"], ["s1"]]
    election = Election.from_approval(projects, 90, ballots)
    # count: big 2 votes vs s1+s2 3 votes; cost: 180 vs 45*2 + 40 = 130.
    assert set(count(election, rule="max-welfare", utility="count").selected) == {"s1", "s2"}
    assert count(election, rule="max-welfare", utility="cost").selected == ["big"]


def test_it_explains_with_the_total_it_reached():
    election = approval({"a": 60, "b": 50, "c": 40}, 100, ["ab", "c", "bc", "a"])
    outcome = count(election, rule="max-welfare", utility="count")
    a = outcome.project("a")
    assert outcome.options["optimality"] == "proved exactly"
    assert a.reason_code in ("mw_funded", "mw_not_funded")
    assert "greatest total votes that fits the budget (4 for 90 of 100)" in a.reason


def test_it_reports_when_the_tie_order_chose_between_optimal_sets():
    election = approval({"a": 50, "b": 50}, 50, ["a", "b"])
    outcome = count(election, rule="max-welfare")
    assert outcome.selected == ["a"]
    assert outcome.tie_decided
    assert outcome.project("a").tie_decided and outcome.project("b").tie_decided
    assert "chose the one with a" in outcome.tie_notes[0]


def test_a_project_dearer_than_the_budget_says_so():
    election = approval({"a": 200, "b": 10}, 100, ["a", "b"])
    outcome = count(election, rule="max-welfare")
    assert outcome.project("a").reason == (
        "not funded: it costs 200, more than the whole budget of 100"
    )


def test_points_ballots_add_up_points():
    projects = [Project("x", 60), Project("y", 50), Project("z", 50)]
    election = Election.from_points(projects, 100, [{"x": 5}, {"y": 2, "z": 2}])
    result = max_welfare(election, utility="count")
    assert result.value == 5
    assert result.selected == [0]
    assert np.array_equal(election.support, [5, 2, 2])
