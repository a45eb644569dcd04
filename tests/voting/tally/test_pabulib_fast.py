"""The fast VOTES reader gives exactly what the row-by-row reader gives: the same ballots, the
same records, the same problems in the same order, and, where a file is wrong, the same error
naming the same line (it hands such files to the exact reader)."""

from __future__ import annotations

import pytest

from voting.tally.pabulib import PbError, read_pb

from .conftest import SHARED


def _exactly(text: str):
    return read_pb(text, row_by_row=True)


def _same(text: str) -> None:
    fast, exact = read_pb(text), _exactly(text)
    assert fast.problems == exact.problems
    assert fast.votes == exact.votes
    assert fast.meta == exact.meta and fast.projects == exact.projects
    assert fast.election.ballots.shape == exact.election.ballots.shape
    assert (fast.election.ballots != exact.election.ballots).nnz == 0


def _error(text: str) -> str:
    with pytest.raises(PbError) as fast:
        read_pb(text)
    with pytest.raises(PbError) as exact:
        _exactly(text)
    assert str(fast.value) == str(exact.value)
    return str(fast.value)


HEAD = ("META\nkey;value\nbudget;100\nvote_type;{type}\n{extra}PROJECTS\nproject_id;cost\n"
        "a;60\nb;50\nc;30\nVOTES\n")


@pytest.mark.parametrize("name", sorted(p.stem for p in SHARED.glob("*.pb"))
                         if SHARED.is_dir() else [])
def test_every_shared_election_reads_the_same(name):
    _same((SHARED / f"{name}.pb").read_text(encoding="utf-8-sig"))


def test_problems_come_out_the_same_and_in_order():
    text = HEAD.format(type="approval", extra="max_length;1\nmax_sum_cost;70\n") + (
        "voter_id;vote\n1;a,b\n2;c\n1;b\n3;a,c\n\n ; \n4;\n")
    _same(text)
    assert len(read_pb(text).problems) == 5


def test_points_ballots_and_rankings_read_the_same():
    _same(HEAD.format(type="cumulative", extra="max_sum_points;5\nmin_points;1\n")
          + "voter_id;vote;points\n1;a,b;3,2\n2;c;6\n3;a,b,c;1,0,1\n4;b; 2 \n")
    _same(HEAD.format(type="scoring", extra="") + "voter_id;vote;points\n1;a,b;3.0,2\n")
    _same(HEAD.format(type="ordinal", extra="") + "voter_id;vote\n1;c,a,b\n2;b\n3;a,c\n")


def test_quoted_and_spaced_files_read_the_same():
    _same(HEAD.format(type="approval", extra="") + 'voter_id;vote\n"1";" a , b "\n2;"c"\n')
    _same(HEAD.format(type="approval", extra="").replace("\n", "\r\n")
          + "voter_id;vote\r\n1;a\r\n2; b ,c\r\n")


@pytest.mark.parametrize(("votes", "message"), [
    ("voter_id;vote\n1;a\n2;z\n", "line 13: voter 2 votes for unknown project 'z'"),
    ("voter_id;vote\n1;a,a\n", "line 12: voter 1 names a project twice"),
    ("voter_id;vote\n1;a;extra\n", "line 12: expected 2 fields, found 3"),
    ("voter_id;vote;vote\n1;a;b\n", "line 11: the VOTES header repeats a column"),
])
def test_a_wrong_file_is_refused_with_the_same_line(votes, message):
    assert _error(HEAD.format(type="approval", extra="") + votes) == message


def test_wrong_points_are_refused_with_the_same_line():
    _error(HEAD.format(type="cumulative", extra="") + "voter_id;vote;points\n1;a,b;3\n")
    _error(HEAD.format(type="cumulative", extra="") + "voter_id;vote;points\n1;a;-3\n")
    _error(HEAD.format(type="cumulative", extra="") + "voter_id;vote;points\n1;a;x\n")
