"""Elections: projects, budgets and ballots held as a sparse voters x projects matrix."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from voting.tally import Election, Project
from voting.tally.election import BallotRows

from .conftest import approval

PROJECTS = [Project("a", 100), Project("b", 50, "Benches"), Project("c", 30)]


def test_it_stores_approval_ballots_as_a_sparse_matrix():
    election = Election.from_approval(PROJECTS, 120, [["a", "b"], ["b"], []])
    assert sparse.issparse(election.ballots)
    assert election.ballots.shape == (3, 3)
    assert election.voters == 3
    assert election.support.tolist() == [1, 2, 0]
    assert election.supporters.tolist() == [1, 2, 0]


def test_it_counts_a_repeated_approval_once():
    election = Election.from_approval(PROJECTS, 120, [["a", "a", "b"]])
    assert election.support.tolist() == [1, 1, 0]


def test_it_adds_up_points():
    election = Election.from_points(PROJECTS, 120, [{"a": 3, "b": 2}, {"a": 1, "c": 0}])
    assert election.ballot_type == "points"
    assert election.support.tolist() == [4, 2, 0]
    # Zero points is no support at all.
    assert election.supporters.tolist() == [2, 1, 0]


def test_it_scores_rankings_by_borda_as_pabulib_does():
    # On a ballot ranking k projects the first gets k points and the last 1.
    election = Election.from_ranking(PROJECTS, 120, [["a", "b", "c"], ["c", "a"]])
    assert election.ballot_type == "ranking"
    assert election.scoring == "borda"
    assert election.support.tolist() == [3 + 1, 2, 1 + 2]


def test_it_takes_a_custom_ranking_scoring():
    def first_only(position: int, length: int) -> int:
        return 1 if position == 0 else 0

    election = Election.from_ranking(PROJECTS, 120, [["a", "b"], ["b", "c"]], scoring=first_only)
    assert election.support.tolist() == [1, 1, 0]
    assert election.scoring == "first_only"


def test_it_marks_knapsack_ballots():
    election = Election.from_approval(PROJECTS, 120, [["a"]], ballot_type="knapsack")
    assert election.ballot_type == "knapsack"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Election.from_approval(PROJECTS, 10, [["zz"]]), "unknown project 'zz'"),
        (lambda: Election.from_points(PROJECTS, 10, [{"a": -1}]), "must not be negative"),
        (lambda: Election.from_points(PROJECTS, 10, [{"a": 1.5}]), "whole number"),
        (lambda: Election.from_ranking(PROJECTS, 10, [["a", "a"]]), "ranked twice"),
        (lambda: Election.from_approval(PROJECTS, -1, []), "budget"),
        (lambda: Election.from_approval([Project("a", 1), Project("a", 2)], 5, []), "unique"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize("cost", [-5, 2.5, True, "10"])
def test_a_project_cost_is_a_whole_number_not_negative(cost):
    with pytest.raises(ValueError, match="cost"):
        Project("x", cost)


def test_project_is_frozen():
    with pytest.raises(AttributeError):
        PROJECTS[0].cost = 1  # type: ignore[misc]


def test_the_tie_order_is_lower_cost_then_more_supporters_then_id_string_order():
    election = approval(
        {"b10": 5, "b9": 5, "c": 5, "d": 3, "e": 5},
        100,
        ["b10 b9 c".split(), ["c"], ["e"], ["e"]],
    )
    # Strings: "b10" < "b9". Cheapest first; among the rest, c and e have two supporters.
    ids = list(election.ids)
    order = sorted(range(len(ids)), key=lambda p: election.tie_rank[p])
    assert [ids[p] for p in order] == ["d", "c", "e", "b10", "b9"]


def test_support_order_puts_the_most_supported_first_and_breaks_ties_by_the_tie_order():
    election = approval({"w": 1, "x": 10, "y": 5, "z": 5}, 100, ["wxyz", "wxy", "wz"])
    # w has three votes; x, y and z two each: y and z cost less than x, and "y" < "z".
    ids = [election.ids[p] for p in election.support_order]
    assert ids == ["w", "y", "z", "x"]
    assert election.support_rank.tolist() == [1, 4, 2, 3]


def test_an_election_built_from_a_matrix_keeps_it():
    matrix = sparse.csr_array(np.array([[1, 0, 1], [0, 1, 0]]))
    election = Election(PROJECTS, 100, matrix, "approval")
    assert election.ballot_rows() == [{"a": 1, "c": 1}, {"b": 1}]


def test_ballot_rows_are_put_in_order_with_zeros_dropped_and_repeats_added():
    rows = BallotRows.of([0, 3, 4], [2, 0, 2, 1], [1, 4, 2, 0], (2, 3))
    assert rows.indptr.tolist() == [0, 2, 2]
    assert rows.indices.tolist() == [0, 2]
    assert rows.data.tolist() == [4, 3]


def test_an_election_from_rows_matches_one_from_scipy():
    rows = BallotRows.of([0, 2, 3], [0, 1, 2], [3, 2, 5], (2, 3))
    plain = Election(PROJECTS, 120, rows, "points")
    matrix = sparse.csr_array((rows.data, rows.indices, rows.indptr), shape=rows.shape)
    scipy_made = Election(PROJECTS, 120, matrix, "points")
    assert plain.support.tolist() == scipy_made.support.tolist() == [3, 2, 5]
    assert (plain.ballots != scipy_made.ballots).nnz == 0
    assert plain.ballot_rows() == [{"a": 3, "b": 2}, {"c": 5}]


@pytest.mark.parametrize(
    ("indptr", "indices", "data", "message"),
    [
        ([0, 1], [0], [1], "one row pointer per ballot"),
        ([0, 2, 1], [0, 1], [1, 1], "one row pointer per ballot"),
        ([0, 1, 2], [0], [1], "as many values"),
        ([0, 1, 2], [0, 3], [1, 1], "one column per project"),
    ],
)
def test_ballot_rows_that_do_not_add_up_are_refused(indptr, indices, data, message):
    with pytest.raises(ValueError, match=message):
        BallotRows.of(indptr, indices, data, (2, 3))


def test_negative_points_in_rows_are_refused():
    with pytest.raises(ValueError, match="negative"):
        Election(PROJECTS, 120, BallotRows.of([0, 1], [0], [-1], (1, 3)), "points")
