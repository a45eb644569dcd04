"""Properties every count must have, on random small elections (hypothesis)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voting.tally import Election, Project, count
from voting.tally.equal_shares import MesData, run_mes

from . import reference
from .conftest import assert_add1_is_plain_stepping

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def elections(draw, *, kinds=("approval", "knapsack", "points", "ranking")):
    m = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(0, 60), min_size=m, max_size=m))
    ids = [f"p{i}" for i in range(m)]
    projects = [Project(pid, c) for pid, c in zip(ids, costs, strict=True)]
    budget = draw(st.integers(0, max(1, sum(costs))))
    kind = draw(st.sampled_from(kinds))
    n = draw(st.integers(0, 9))
    if kind == "points":
        ballots = draw(
            st.lists(
                st.dictionaries(st.sampled_from(ids), st.integers(0, 5), max_size=m),
                min_size=n, max_size=n,
            )
        )
        return Election.from_points(projects, budget, ballots)
    if kind == "ranking":
        ballots = draw(
            st.lists(
                st.permutations(ids).map(lambda r: r[: len(r) // 2 + 1]), min_size=n, max_size=n
            )
        )
        return Election.from_ranking(projects, budget, ballots)
    ballots = draw(
        st.lists(st.sets(st.sampled_from(ids)), min_size=n, max_size=n)
    )
    return Election.from_approval(projects, budget, [sorted(b) for b in ballots], ballot_type=kind)


RULE_OPTIONS = [
    ("greedy", {}),
    ("greedy-no-skip", {}),
    ("max-welfare", {"utility": "count"}),
    ("max-welfare", {"utility": "cost"}),
    ("equal-shares", {"completion": "none"}),
    ("equal-shares", {"completion": "add1"}),
    ("equal-shares", {"completion": "add1u"}),
    ("equal-shares", {"completion": "utilitarian"}),
]


@SETTINGS
@given(elections())
def test_every_outcome_fits_the_budget_and_funds_only_supported_projects(election):
    for rule, options in RULE_OPTIONS:
        outcome = count(election, rule=rule, **options)
        assert outcome.spent <= election.budget, (rule, options)
        assert outcome.spent == sum(p.cost for p in outcome.projects if p.selected)
        assert all(p.support > 0 for p in outcome.projects if p.selected)
        assert len(set(outcome.selected)) == len(outcome.selected)
        assert all(p.reason for p in outcome.projects)


@SETTINGS
@given(elections())
def test_greedy_never_skips_a_project_that_fits(election):
    outcome = count(election, rule="greedy")
    left = election.budget - outcome.spent
    # Money only goes down, so a project that fits now also fitted when its turn came.
    assert not [p for p in outcome.projects if not p.selected and p.support and p.cost <= left]


@SETTINGS
@given(elections())
def test_max_welfare_reaches_at_least_what_greedy_reaches(election):
    def total(outcome, utility):
        return sum(
            p.support * (p.cost if utility == "cost" else 1) for p in outcome.projects if p.selected
        )

    greedy = count(election, rule="greedy")
    for utility in ("count", "cost"):
        best = count(election, rule="max-welfare", utility=utility)
        assert total(best, utility) >= total(greedy, utility)


@SETTINGS
@given(elections())
def test_equal_shares_with_completion_is_exhaustive_or_blocked(election):
    for completion in ("add1u", "utilitarian"):
        outcome = count(election, rule="equal-shares", completion=completion)
        left = election.budget - outcome.spent
        assert not [p for p in outcome.projects if not p.selected and p.support and p.cost <= left]
    # Add1 alone: either nothing more fits, or raising the share once more goes over budget.
    outcome = count(election, rule="equal-shares", completion="add1")
    left = election.budget - outcome.spent
    exhaustive = not [
        p for p in outcome.projects if not p.selected and p.support and p.cost <= left
    ]
    if not exhaustive:
        data = MesData(election, utility="points" if election.points_based else "cost")
        share = Fraction(outcome.options["share"]) + 1
        assert run_mes(data, share, priority=election.tie_rank).spent > election.budget


@SETTINGS
@given(elections(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_the_ballots(election, rnd: random.Random):
    rows = list(range(election.voters))
    rnd.shuffle(rows)
    shuffled = Election(
        election.projects, election.budget, election.ballots[rows], election.ballot_type
    )
    for rule, options in RULE_OPTIONS:
        a = count(election, rule=rule, **options)
        b = count(shuffled, rule=rule, **options)
        assert a.selected == b.selected, (rule, options)
        assert [p.reason for p in a.projects] == [p.reason for p in b.projects]


@SETTINGS
@given(elections(kinds=("approval", "points")))
def test_add1_matches_the_stepwise_definition(election):
    costs = [int(c) for c in election.costs]
    ballots = [
        {election.index[pid]: v for pid, v in row.items()} for row in election.ballot_rows()
    ]
    if not ballots:
        return
    outcome = count(election, rule="equal-shares", completion="add1")
    want, share = reference.add1(
        costs, ballots, election.budget, cost_utility=election.ballot_type == "approval",
        ids=election.ids,
    )
    assert outcome.selected == [election.ids[p] for p in want]
    assert outcome.options["share"] == share


@st.composite
def wide_elections(draw):
    """Few voters and a budget far larger than them: Add1 raises hundreds of times, and its
    jumps are where they would go wrong."""
    m = draw(st.integers(3, 8))
    costs = draw(st.lists(st.integers(50, 400), min_size=m, max_size=m))
    ids = [f"p{i}" for i in range(m)]
    projects = [Project(pid, c) for pid, c in zip(ids, costs, strict=True)]
    budget = draw(st.integers(max(costs), sum(costs) - 1))
    n = draw(st.integers(1, 8))
    if draw(st.booleans()):
        ballots = draw(st.lists(st.dictionaries(st.sampled_from(ids), st.integers(1, 4),
                                                min_size=1, max_size=m),
                                min_size=n, max_size=n))
        return Election.from_points(projects, budget, ballots)
    ballots = draw(st.lists(st.sets(st.sampled_from(ids), min_size=1), min_size=n, max_size=n))
    return Election.from_approval(projects, budget, [sorted(b) for b in ballots])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_elections())
def test_add1_with_jumps_keeps_what_raising_one_unit_at_a_time_keeps(election):
    supported = sum(int(c) for c, n in zip(election.costs, election.supporters, strict=True) if n)
    if supported <= election.budget:
        return  # every outcome fits: the raising never stops (a test of its own covers it)
    assert_add1_is_plain_stepping(election)


# Elections where the raising stops at an outcome that does not fit, and a few raises later the
# outcome kept before it fits again: a jump that looked only at its two ends would not stop.
COMING_BACK = [
    ([104, 291, 366, 155, 379, 268, 72], 1076,
     [[0, 1, 2, 3, 4, 6], [1, 4, 6], [0, 2, 3, 4, 5, 6], [5], [2, 3, 4, 5]]),
    ([236, 349, 382, 183, 329, 197, 333], 499, [[4, 5], [0, 2, 3, 5], [2, 4, 6], [0, 3]]),
    ([228, 369, 90, 232, 110], 675,
     [[1], [0, 1, 2, 3, 4], [4], [1, 2, 3], [0, 2, 3, 4], [0, 4]]),
    ([373, 358, 362, 277, 375, 113, 385], 829,
     [[0, 1, 2, 3, 4, 6], [0, 1, 3, 4, 5, 6], [0, 3, 5], [1], [0, 5, 6], [1], [1, 3, 5, 6]]),
]


@pytest.mark.parametrize(("costs", "budget", "ballots"), COMING_BACK)
def test_add1_stops_where_an_outcome_first_fails_though_it_fits_again_later(costs, budget, ballots):
    projects = [Project(f"p{i}", c) for i, c in enumerate(costs)]
    election = Election.from_approval(projects, budget,
                                      [[f"p{i}" for i in ballot] for ballot in ballots])
    assert_add1_is_plain_stepping(election)
