"""Greedy by support, with and without skipping, and the eligibility threshold."""

from __future__ import annotations

from fractions import Fraction

import pytest

from voting.tally import Election, Project, count

from .conftest import approval


def by_id(outcome):
    return {p.project_id: p for p in outcome.projects}


def test_it_funds_projects_in_order_of_votes_and_skips_one_that_does_not_fit():
    election = approval({"a": 60, "b": 50, "c": 30}, 100, ["abc", "ab", "a", "bc", "b"])
    outcome = count(election, rule="greedy")
    # b has 4 votes, a 3, c 2: b (50) fits, a (60) does not, c (30) does.
    assert outcome.selected == ["b", "c"]
    assert outcome.spent == 80
    p = by_id(outcome)
    assert p["a"].reason_code == "skipped_no_room"
    assert p["a"].reason == (
        "not funded: 2nd by votes (3); 50 was left when its turn came and it costs 60"
    )
    assert p["b"].reason == "funded: 1st by votes (4); 100 of 100 left before it"
    assert p["c"].reason_params == {
        "place": 3, "measure": "votes", "support": 2, "left": 50, "budget": 100, "cost": 30,
    }


def test_greedy_no_skip_stops_at_the_first_project_that_does_not_fit():
    election = approval({"a": 60, "b": 50, "c": 30}, 100, ["abc", "ab", "a", "bc", "b"])
    outcome = count(election, rule="greedy-no-skip")
    assert outcome.selected == ["b"]
    p = by_id(outcome)
    assert p["a"].reason_code == "stopped_no_room"
    assert p["c"].reason_code == "stopped"
    assert "counting stopped earlier, at a (2nd by votes)" in p["c"].reason


def test_it_never_funds_a_project_no_one_voted_for():
    election = approval({"a": 10, "b": 1}, 100, ["a", "a"])
    for rule in ("greedy", "greedy-no-skip", "max-welfare", "equal-shares"):
        outcome = count(election, rule=rule)
        assert outcome.selected == ["a"], rule
        assert by_id(outcome)["b"].reason_code == "no_support"
        assert by_id(outcome)["b"].reason == "not funded: no one voted for it"


def test_greedy_orders_points_ballots_by_total_points_not_points_per_cost():
    projects = [Project("big", 90), Project("small", 10)]
    election = Election.from_points(projects, 95, [{"big": 3, "small": 2}, {"big": 1}])
    outcome = count(election, rule="greedy")
    # big has 4 points, small 2; per unit of cost small would win.
    assert outcome.selected == ["big"]
    assert by_id(outcome)["big"].reason == "funded: 1st by points (4); 95 of 95 left before it"


def test_the_threshold_leaves_out_projects_supported_by_too_few_ballots():
    election = approval({"a": 10, "b": 10, "c": 10}, 100, ["ab", "a", "a", "ac", "a"] * 4)
    outcome = count(election, rule="greedy", threshold=Fraction(1, 5))
    # a: 20 of 20 ballots, b and c: 4 of 20 (20%), which reaches a threshold of 1/5.
    assert set(outcome.selected) == {"a", "b", "c"}
    outcome = count(election, rule="greedy", threshold="0.25")
    assert outcome.selected == ["a"]
    b = by_id(outcome)["b"]
    assert b.reason_code == "below_threshold"
    assert b.reason == "not funded: 4 of 20 ballots support it (20%), below the threshold of 25%"
    assert outcome.options["threshold"] == Fraction(1, 4)


def test_the_threshold_works_with_greedy_no_skip_too():
    election = approval({"a": 10, "b": 95}, 100, ["a", "a", "ab"])
    outcome = count(election, rule="greedy-no-skip", threshold=Fraction(1, 2))
    assert outcome.selected == ["a"]
    assert by_id(outcome)["b"].reason_code == "below_threshold"


def test_a_threshold_is_refused_for_other_rules():
    election = approval({"a": 10}, 100, ["a"])
    with pytest.raises(ValueError, match="threshold"):
        count(election, rule="max-welfare", threshold=Fraction(1, 10))


def test_a_tie_in_votes_is_broken_by_lower_cost_and_says_so():
    election = approval({"a": 60, "b": 50}, 100, ["a", "b"])
    outcome = count(election, rule="greedy")
    assert outcome.selected == ["b"]
    assert outcome.tie_decided
    assert by_id(outcome)["a"].tie_decided and by_id(outcome)["b"].tie_decided
    assert "a, b" in outcome.tie_notes[0] or "b, a" in outcome.tie_notes[0]


def test_a_tie_between_same_cost_projects_goes_to_more_supporters_then_id():
    projects = [Project("p2", 50), Project("p1", 50), Project("p3", 50)]
    # Equal points (4 each); p3 has two supporters, p1 and p2 one each.
    election = Election.from_points(projects, 50, [{"p2": 4}, {"p1": 4}, {"p3": 2}, {"p3": 2}])
    assert count(election, rule="greedy").selected == ["p3"]
    election = Election.from_points(projects, 50, [{"p2": 4}, {"p1": 4}])
    assert count(election, rule="greedy").selected == ["p1"]


def test_a_tie_that_changes_nothing_is_not_reported():
    # a and b tie, both fit: their order does not matter.
    election = approval({"a": 10, "b": 20, "c": 100}, 200, ["ab", "abc", "c", "c"])
    outcome = count(election, rule="greedy")
    assert set(outcome.selected) == {"a", "b", "c"}
    assert not outcome.tie_decided
    assert outcome.tie_notes == []


def test_a_tie_in_greedy_no_skip_around_the_stopping_project_is_reported():
    # a (cost 5) and b (cost 10) tie with 8 left: a then b stops; b first would stop at once.
    election = approval({"a": 5, "b": 10, "c": 92}, 100, ["abc", "abc", "c", "c", "ab"])
    outcome = count(election, rule="greedy-no-skip")
    assert outcome.selected == ["c", "a"]
    assert outcome.tie_decided


def test_the_outcome_keeps_everything_needed_to_repeat_the_count():
    election = approval({"a": 10}, 100, ["a"])
    outcome = count(election, rule="greedy")
    assert outcome.options["rule"] == "greedy"
    assert outcome.options["tie_order"].startswith("lower cost")
    assert outcome.left == 90


def test_it_formats_money_with_the_given_function():
    election = approval({"a": 1_200_000, "b": 1_500_000}, 2_000_000, ["a", "a", "b"])
    outcome = count(election, rule="greedy", money=lambda pence: f"£{pence / 100:,.2f}")
    b = by_id(outcome)["b"]
    assert b.reason == (
        "not funded: 2nd by votes (1); £8,000.00 was left when its turn came and it costs "
        "£15,000.00"
    )
    assert b.reason_params["left"] == 800_000
