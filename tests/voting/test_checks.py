"""check_ballot: every ballot type and every rule, without a database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgeting.models import Envelope, Project
from voting.checks import check_ballot
from voting.models import BallotRules

# Five projects: ids 1..5 costing £10,000, £20,000, £25,000, £30,000 and £5,000.
COSTS = {1: "10000", 2: "20000", 3: "25000", 4: "30000", 5: "5000"}


def projects() -> dict[int, Project]:
    return {pk: Project(pk=pk, title=f"P{pk}", cost=Decimal(cost)) for pk, cost in COSTS.items()}


def rules(ballot_type: str, amount: str = "60000", **fields) -> BallotRules:
    return BallotRules(envelope=Envelope(amount=Decimal(amount)), ballot_type=ballot_type,
                       **fields)


def refusal(rules_: BallotRules, choices: dict) -> tuple[str, str, str]:
    with pytest.raises(ValidationError) as caught:
        check_ballot(rules=rules_, projects=projects(), choices=choices)
    [(field, [error])] = caught.value.error_dict.items()
    return field, error.code, error.messages[0]


def accepted(rules_: BallotRules, choices: dict) -> dict:
    return check_ballot(rules=rules_, projects=projects(), choices=choices)


# Every type


@pytest.mark.parametrize("ballot_type", ["knapsack", "approval", "points", "ranking"])
def test_an_unknown_project_is_refused_first(ballot_type):
    assert refusal(rules(ballot_type), {99: 1})[:2] == ("projects", "unknown_project")


@pytest.mark.parametrize("ballot_type", ["knapsack", "approval", "points", "ranking"])
@pytest.mark.parametrize("value", [True, False, "1", 1.0, 1.5, None, -1, [1], Decimal(1)])
def test_anything_but_a_whole_number_zero_or_more_is_refused(ballot_type, value):
    assert refusal(rules(ballot_type), {1: value})[:2] == ("choices", "negative")


@pytest.mark.parametrize("ballot_type", ["knapsack", "approval", "points", "ranking"])
def test_zeros_are_left_out(ballot_type):
    assert accepted(rules(ballot_type), {1: 1, 2: 0}) == {1: 1}


# Knapsack (a £60,000 envelope)


def test_knapsack_within_the_budget_is_accepted_up_to_the_last_penny():
    assert accepted(rules("knapsack"), {1: 1, 2: 1, 4: 1}) == {1: 1, 2: 1, 4: 1}  # exactly £60k
    assert accepted(rules("knapsack", amount="60000.01"), {1: 1, 2: 1, 4: 1})


def test_knapsack_over_the_budget_says_by_how_much():
    field, code, message = refusal(rules("knapsack"), {2: 1, 3: 1, 4: 1})
    assert (field, code) == ("choices", "over_budget")
    assert "15,000" in message  # £75,000 is £15,000 over


def test_knapsack_over_the_budget_by_a_penny():
    assert refusal(rules("knapsack", amount="59999.99"), {1: 1, 2: 1, 4: 1})[1] == "over_budget"


def test_knapsack_minimum_spend():
    seventy = rules("knapsack", min_spend_percent=70)  # at least £42,000
    assert refusal(seventy, {1: 1, 5: 1})[1] == "under_spent"
    assert refusal(seventy, {1: 1, 4: 1})[1] == "under_spent"  # £40,000
    assert accepted(seventy, {2: 1, 3: 1})  # £45,000
    assert accepted(rules("knapsack", min_spend_percent=100), {1: 1, 2: 1, 4: 1})


def test_knapsack_fewest_and_most_projects():
    two_to_three = rules("knapsack", min_projects=2, max_projects=3)
    assert refusal(two_to_three, {4: 1})[1] == "too_few"
    assert refusal(two_to_three, {1: 1, 2: 1, 3: 1, 5: 1})[1] == "too_many"
    assert accepted(two_to_three, {1: 1, 5: 1})


def test_knapsack_an_empty_ballot_is_too_few():
    assert refusal(rules("knapsack"), {})[1] == "too_few"
    assert refusal(rules("knapsack"), {1: 0})[1] == "too_few"


def test_knapsack_without_a_most_allows_every_project_that_fits():
    assert accepted(rules("knapsack", amount="90000"), {1: 1, 2: 1, 3: 1, 4: 1, 5: 1})


def test_knapsack_ticks_only():
    assert refusal(rules("knapsack"), {1: 2})[1] == "not_a_tick"


# Approval


def test_approval_fewest_and_most():
    up_to_three = rules("approval", min_projects=1, max_projects=3)
    assert accepted(up_to_three, {1: 1, 2: 1, 3: 1})
    assert refusal(up_to_three, {1: 1, 2: 1, 3: 1, 4: 1})[1] == "too_many"
    assert refusal(up_to_three, {})[1] == "too_few"
    assert refusal(rules("approval", min_projects=2), {1: 1})[1] == "too_few"


def test_approval_ignores_cost():
    assert accepted(rules("approval", amount="1"), {1: 1, 2: 1, 3: 1, 4: 1, 5: 1})


def test_approval_without_a_most_allows_all():
    assert accepted(rules("approval"), dict.fromkeys(COSTS, 1))


def test_approval_ticks_only():
    assert refusal(rules("approval"), {1: 5})[1] == "not_a_tick"


# Points (10 to share, at most 5 on one)


@pytest.fixture
def points():
    return rules("points", points_total=10, points_max_per_project=5)


def test_points_shared_within_the_total(points):
    assert accepted(points, {1: 5, 2: 5}) == {1: 5, 2: 5}
    assert accepted(points, {1: 1})


def test_points_over_the_total(points):
    assert refusal(points, {1: 5, 2: 5, 3: 1})[1] == "too_many_points"


def test_points_over_the_most_on_one_project(points):
    assert refusal(points, {1: 6})[1] == "too_many_on_one"


def test_points_none_given(points):
    assert refusal(points, {})[1] == "no_points"
    assert refusal(points, {1: 0, 2: 0})[1] == "no_points"


def test_points_negative(points):
    assert refusal(points, {1: 6, 2: -1})[1] == "negative"


def test_points_huge_numbers_are_refused_not_overflowed(points):
    assert refusal(points, {1: 10**30})[1] == "too_many_points"


# Ranking (rank up to 3)


@pytest.fixture
def ranking():
    return rules("ranking", ranking_max=3)


def test_ranking_in_order(ranking):
    assert accepted(ranking, {4: 1, 1: 2, 5: 3}) == {4: 1, 1: 2, 5: 3}
    assert accepted(ranking, {2: 1})


def test_ranking_gaps(ranking):
    assert refusal(ranking, {1: 1, 2: 3})[1] == "bad_ranks"
    assert refusal(ranking, {1: 2})[1] == "bad_ranks"


def test_ranking_duplicates(ranking):
    assert refusal(ranking, {1: 1, 2: 1})[1] == "bad_ranks"
    assert refusal(ranking, {1: 1, 2: 2, 3: 2})[1] == "bad_ranks"


def test_ranking_too_many(ranking):
    assert refusal(ranking, {1: 1, 2: 2, 3: 3, 4: 4})[1] == "too_many"


def test_ranking_none(ranking):
    assert refusal(ranking, {})[1] == "too_few"


def test_ranking_huge_rank(ranking):
    assert refusal(ranking, {1: 10**30})[1] == "bad_ranks"
