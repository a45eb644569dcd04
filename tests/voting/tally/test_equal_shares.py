"""The Method of Equal Shares and its completions, against an exact reference written from
the definition (tests/voting/tally/reference.py)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from voting.tally import Election, Project, count
from voting.tally.add1 import add1
from voting.tally.equal_shares import MesData, run_mes

from . import reference
from .conftest import approval


def random_case(rng: random.Random, *, points: bool, big: bool = False):
    m = rng.randint(1, 12 if big else 6)
    n = rng.randint(1, 80 if big else 8)
    if big:
        costs = [rng.randint(1, 10 ** rng.randint(1, 7)) for _ in range(m)]
    else:
        small = [0, 1, 2, 3, 4, 5, 6, 10, 12]
        costs = [rng.choice(small) * rng.choice([1, 1, 7]) for _ in range(m)]
    ids = [f"p{rng.randint(0, 99)}-{i}" for i in range(m)]
    popularity = [rng.random() for _ in range(m)]
    ballots = [
        {p: (rng.randint(1, 9) if points else 1) for p in range(m) if rng.random() < popularity[p]}
        for _ in range(n)
    ]
    projects = [Project(ids[i], costs[i]) for i in range(m)]
    budget = rng.randint(0, max(1, sum(costs)))
    if points:
        election = Election.from_points(
            projects, budget, [{ids[p]: w for p, w in b.items()} for b in ballots]
        )
    else:
        election = Election.from_approval(projects, budget, [[ids[p] for p in b] for b in ballots])
    return election, costs, ballots, ids


@pytest.mark.parametrize("points", [False, True])
def test_it_buys_what_the_exact_definition_buys_on_many_small_elections(points):
    rng = random.Random(11 + points)
    for _ in range(400):
        election, costs, ballots, ids = random_case(rng, points=points)
        share = Fraction(election.budget, election.voters) + rng.choice([0, 1, 2, Fraction(1, 3)])
        data = MesData(election, utility="points" if points else "cost")
        got = run_mes(data, share, priority=election.tie_rank).selected
        assert got == reference.mes(costs, ballots, share, cost_utility=not points, ids=ids)


@pytest.mark.parametrize("points", [False, True])
def test_it_agrees_with_the_definition_on_larger_elections_with_real_sized_costs(points):
    rng = random.Random(23 + points)
    for _ in range(25):
        election, costs, ballots, ids = random_case(rng, points=points, big=True)
        share = Fraction(election.budget, election.voters) + rng.choice([0, 1, 17])
        data = MesData(election, utility="points" if points else "cost")
        got = run_mes(data, share, priority=election.tie_rank).selected
        assert got == reference.mes(costs, ballots, share, cost_utility=not points, ids=ids)


@pytest.mark.parametrize("points", [False, True])
def test_add1_keeps_the_last_outcome_that_fitted_raising_one_unit_at_a_time(points):
    rng = random.Random(5 + points)
    for _ in range(120):
        election, costs, ballots, ids = random_case(rng, points=points)
        increment = rng.choice([1, 1, 2])
        data = MesData(election, utility="points" if points else "cost")
        found = add1(data, election.budget, increment=increment, priority=election.tie_rank)
        want, share = reference.add1(
            costs, ballots, election.budget, cost_utility=not points, ids=ids, increment=increment
        )
        assert found.result.selected == want
        assert found.result.share == share


def test_floats_never_decide_a_comparison_closer_than_their_rounding():
    # rho of A is 10^16 + 2/3, of B 10^16 + 1: the same double. The tie order would take B
    # (it is cheaper), but A is truly cheaper per point, so A must come first.
    projects = [Project("A", 3 * 10**16 + 2), Project("B", 10**16 + 1)]
    election = Election.from_points(projects, 10**17, [{"A": 3}, {"B": 1}])
    outcome = count(election, rule="equal-shares", completion="none")
    assert outcome.selected == ["A", "B"]
    assert not outcome.tie_decided


def test_an_exact_tie_goes_to_the_tie_order_and_is_reported_when_it_matters():
    # a and b ask the same of the same three voters; only one can be bought.
    election = approval({"a": 60, "b": 60}, 90, ["ab", "ab", "ab"])
    outcome = count(election, rule="equal-shares", completion="none")
    assert outcome.selected == ["a"]
    assert outcome.tie_decided
    assert outcome.project("a").tie_decided and outcome.project("b").tie_decided
    assert "In round 1 of equal shares, a and b" in outcome.tie_notes[0]


def test_an_exact_tie_that_changes_nothing_is_not_reported():
    # a and b tie but have separate supporters with money for both.
    election = approval({"a": 10, "b": 10}, 40, ["a", "a", "b", "b"])
    outcome = count(election, rule="equal-shares", completion="none")
    assert outcome.selected == ["a", "b"]
    assert not outcome.tie_decided


def test_cost_utility_buys_by_votes_while_supporters_can_pay():
    # 4 voters with 25 each. a: 3 supporters, cost 60 -> 20 each; b: 1 supporter, cost 20.
    election = approval({"a": 60, "b": 20, "c": 50}, 100, ["ac", "a", "a", "bc"])
    outcome = count(election, rule="equal-shares", completion="none")
    assert outcome.selected == ["a", "b"]
    a = outcome.project("a")
    assert a.round == 1
    assert a.reason == (
        "funded by equal shares in round 1: its 3 supporters had 75 left between them against "
        "its cost of 60; each paid at most 20 (every voter started with 25)"
    )
    c = outcome.project("c")
    assert c.reason_code == "mes_not_affordable"
    # c's supporters: voter 1 kept 5 after a, voter 4 kept 5 after b.
    assert c.reason_params["had"] == 10
    assert outcome.options["share"] == Fraction(25)


def test_poor_supporters_give_all_they_have_and_the_rich_cover_the_rest():
    # Six voters with 30 each. b (40, four supporters: 10 each) goes first; then a (75) among
    # voters 1-3: voter 1 has only 20 left and gives it all, voters 2 and 3 give 27.50 each.
    election = Election.from_approval(
        [Project("a", 75), Project("b", 40)],
        180,
        [["a", "b"], ["a"], ["a"], ["b"], ["b"], ["b"]],
    )
    data = MesData(election, utility="cost")
    result = run_mes(data, Fraction(30), priority=election.tie_rank)
    assert [election.ids[p] for p in result.selected] == ["b", "a"]
    assert result.rounds[0].rho == 10
    assert result.rounds[1].rho == Fraction(55, 2)
    assert result.rounds[1].max_payment == 27.5
    assert result.rounds[1].had == 80


def test_points_ballots_share_costs_in_proportion_to_points():
    projects = [Project("x", 30), Project("y", 40)]
    election = Election.from_points(projects, 60, [{"x": 2, "y": 1}, {"x": 1, "y": 3}])
    data = MesData(election, utility="points")
    result = run_mes(data, Fraction(30), priority=election.tie_rank)
    # x: rho = 30 / 3 points = 10 per point; y: 40 / 4 = 10 per point; tie -> cheaper x.
    assert result.rounds[0].project == 0 and result.rounds[0].rho == 10
    assert result.selected == [0]  # then y's supporters have 10 + 20 < 40


def test_utilitarian_completion_fills_what_equal_shares_left_by_votes():
    election = approval({"a": 60, "b": 20, "c": 50}, 100, ["ac", "a", "a", "bc"])
    none = count(election, rule="equal-shares", completion="none")
    filled = count(election, rule="equal-shares", completion="utilitarian")
    assert none.selected == ["a", "b"]
    assert filled.selected == ["a", "b"]  # c (50) does not fit in the 20 left
    c = filled.project("c")
    assert c.reason_code == "completion_no_room"
    assert "only 20 was left when its turn came in the filling by votes" in c.reason


def test_add1u_completion_is_add1_then_greedy():
    election = approval(
        {"a": 60, "b": 30, "c": 25, "d": 10}, 100, ["ab", "ab", "a", "c", "cd", "d"]
    )
    add1_only = count(election, rule="equal-shares", completion="add1")
    full = count(election, rule="equal-shares", completion="add1u")
    assert full.selected[: len(add1_only.selected)] == add1_only.selected
    left = full.budget - full.spent
    assert all(
        p.selected or p.cost > left for p in full.projects if p.support > 0
    )
    assert full.options["raises"] == add1_only.options["raises"]


def test_add1_settles_on_everything_when_everything_fits():
    election = approval({"a": 10, "b": 20}, 100, ["a", "b", "ab"])
    outcome = count(election, rule="equal-shares", completion="add1")
    assert set(outcome.selected) == {"a", "b"}


def test_add1_steps_by_the_given_increment():
    election = approval({"a": 600, "b": 500, "c": 300}, 1000, ["ab", "b", "c", "ac"])
    by_unit = count(election, rule="equal-shares", completion="add1", increment=1)
    by_hundred = count(election, rule="equal-shares", completion="add1", increment=100)
    assert by_hundred.options["increment"] == 100
    assert by_hundred.options["share"] - Fraction(1000, 4) == 100 * by_hundred.options["raises"]
    assert by_unit.options["share"] - Fraction(1000, 4) == by_unit.options["raises"]


def test_an_election_with_no_ballots_funds_nothing():
    election = Election.from_approval([Project("a", 5)], 10, [])
    for completion in ("none", "add1", "add1u", "utilitarian"):
        assert count(election, rule="equal-shares", completion=completion).selected == []


def test_bad_options_are_refused():
    election = approval({"a": 5}, 10, ["a"])
    with pytest.raises(ValueError, match="completion"):
        count(election, rule="equal-shares", completion="add2")
    with pytest.raises(ValueError, match="increment"):
        count(election, rule="equal-shares", increment=0)
    with pytest.raises(ValueError, match="rule"):
        count(election, rule="borda")


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024",
        "Switzerland_Zurich_SN",
        "Switzerland_Zurich_D10",
        "Worldwide_Mechanical_Turk_Utilities_8",
        "Poland_Swiecie_2023",
    ],
)
def test_add1_skips_only_raises_proved_to_change_nothing(name):
    from .conftest import assert_add1_is_plain_stepping, shared

    found = assert_add1_is_plain_stepping(shared(name).election)
    assert found.tried <= found.raises + 2
