"""The Pabulib .pb reader and writer: every vote type, round trips, errors and real quirks."""

from __future__ import annotations

from pathlib import Path

import pytest

from voting.tally import PbError, read_pb, write_pb

from .conftest import SHARED, shared

ALL_FILES = sorted(p.stem for p in SHARED.glob("*.pb")) if SHARED.is_dir() else []


def pb_text(vote_type: str, votes: str, *, meta: str = "", projects: str = "") -> str:
    return (
        "META\nkey;value\n"
        f"description;test\nnum_projects;3\nbudget;100\nvote_type;{vote_type}\n{meta}"
        "PROJECTS\nproject_id;cost;name\n"
        f"{projects or 'a;50;Park\nb;40;Benches\nc;30;\"Lights; solar\"\n'}"
        f"VOTES\n{votes}"
    )


def test_it_reads_approval_votes():
    pb = read_pb(pb_text("approval", "voter_id;vote\n1;a,b\n2;c\n3;\n"))
    assert pb.meta["budget"] == "100"
    assert pb.projects["c"]["name"] == "Lights; solar"
    assert pb.election.ballot_type == "approval"
    assert pb.election.ballot_rows() == [{"a": 1, "b": 1}, {"c": 1}, {}]
    assert pb.votes[0] == {"voter_id": "1", "vote": "a,b"}
    assert pb.problems == []


def test_it_reads_choose_one_and_reports_a_ballot_choosing_two():
    pb = read_pb(pb_text("choose-1", "voter_id;vote\n1;a\n2;a,b\n"))
    assert pb.election.support.tolist() == [2, 1, 0]
    assert pb.problems == ["line 15: voter 2 chooses 2 projects, more than choose-1 allows (1)"]


def test_it_reads_cumulative_and_scoring_points():
    for vote_type in ("cumulative", "scoring"):
        pb = read_pb(pb_text(vote_type, "voter_id;vote;points\n1;a,c;3,2\n2;b;5\n"))
        assert pb.election.ballot_type == "points"
        assert pb.election.ballot_rows() == [{"a": 3, "c": 2}, {"b": 5}]


def test_it_reads_ordinal_votes_as_borda_points():
    pb = read_pb(pb_text("ordinal", "voter_id;vote\n1;c,a,b\n2;b,a\n"))
    assert pb.election.ballot_type == "ranking"
    assert pb.election.ballot_rows() == [{"a": 2, "b": 1, "c": 3}, {"a": 1, "b": 2}]


def test_it_reports_ballots_breaking_the_files_own_limits_without_dropping_them():
    meta = "min_length;2\nmax_length;2\nmax_sum_cost;90\n"
    pb = read_pb(pb_text("approval", "voter_id;vote\n1;a\n2;a,b,c\n3;b,c\n", meta=meta))
    assert pb.election.voters == 3
    assert pb.problems == [
        "line 17: voter 1 chooses 1 projects, fewer than min_length 2",
        "line 18: voter 2 chooses 3 projects, more than max_length allows (2)",
        "line 18: voter 2 chooses projects costing 120, more than max_sum_cost (90)",
    ]


def test_it_reports_points_limits():
    meta = "min_sum_points;3\nmax_sum_points;5\nmax_points;4\nmin_points;1\n"
    pb = read_pb(
        pb_text("cumulative", "voter_id;vote;points\n1;a;2\n2;a,b;5,1\n3;c;0\n", meta=meta)
    )
    assert pb.problems == [
        "line 18: voter 1 gives 2 points, fewer than min_sum_points 3",
        "line 19: voter 2 gives a project more points than max_points 4",
        "line 19: voter 2 gives 6 points, more than max_sum_points 5",
        "line 20: voter 3 gives a project fewer points than min_points 1",
        "line 20: voter 3 gives 0 points, fewer than min_sum_points 3",
    ]


def test_it_reports_repeated_voters_and_wrong_counts_in_meta():
    pb = read_pb(pb_text("approval", "voter_id;vote\n1;a\n1;b\n", meta="num_votes;3\n"))
    assert pb.problems == [
        "line 16: voter 1 already voted on line 15",
        "line 7: META says 3 votes, the file has 2",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("PROJECTS\nproject_id;cost\n", "line 1: the file must start with a META section"),
        (
            pb_text("approval", "voter_id;vote\n1;a,z\n"),
            "line 14: voter 1 votes for unknown project 'z'",
        ),
        (pb_text("approval", "voter_id;vote\n1;a,a\n"), "line 14: voter 1 names a project twice"),
        (pb_text("approval", "voter_id;vote\n1;a;x\n"), "line 14: expected 2 fields, found 3"),
        (pb_text("ranked", "voter_id;vote\n"), "line 6: vote_type 'ranked' is not one of"),
        (
            pb_text("cumulative", "voter_id;vote;points\n1;a,b;3\n"),
            "line 14: voter 1 has 2 projects but 1 points",
        ),
        (
            pb_text("cumulative", "voter_id;vote;points\n1;a;1.5\n"),
            "line 14: points of voter 1: '1.5' is not a whole number",
        ),
        (pb_text("approval", "voter_id;vote\n", projects="a;5\nb;x\nc;1\n"), "line 9: expected 3"),
        (
            pb_text("approval", "voter_id;vote\n", projects="a;5;A\nb;x;B\nc;1;C\n"),
            "line 10: cost of project b: 'x' is not a number",
        ),
        (
            pb_text("approval", "voter_id;vote\n", projects="a;5;A\na;6;B\n"),
            "line 10: project 'a' appears twice",
        ),
        (
            pb_text("approval", "voter_id;points\n"),
            "line 13: the VOTES header has no 'vote' column",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;approval\n",
            "line 4: the PROJECTS section is missing",
        ),
        (
            "META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\na;1\nVOTES\nvote\na\n",
            "line 1: META has no 'budget'",
        ),
    ],
)
def test_an_invalid_file_gets_one_error_naming_the_line(text, message):
    with pytest.raises(PbError) as caught:
        read_pb(text)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert caught.value.line_no == int(message.split(":")[0].split()[1])


def test_whole_costs_written_as_decimals_are_read_as_integers():
    pb = read_pb(pb_text("approval", "vote\na\n", projects="a;50.0;A\nb;40;B\nc;1,0;C\n"))
    assert [p.cost for p in pb.election.projects] == [50, 40, 1]


def test_it_reads_a_path_text_or_bytes(tmp_path: Path):
    text = pb_text("approval", "voter_id;vote\n1;a\n")
    path = tmp_path / "small.pb"
    path.write_text("\ufeff" + text, encoding="utf-8")
    for source in (path, str(path), text, text.encode("utf-8-sig")):
        assert read_pb(source).election.support.tolist() == [1, 0, 0]


def test_a_written_file_reads_back_identically():
    text = pb_text(
        "cumulative",
        'voter_id;vote;points;comment\n1;a,c;3,2;"says ""hi""; twice"\n2;b;5;\n',
        meta='comment;"semi;colon"\n',
    )
    pb = read_pb(text)
    again = read_pb(write_pb(pb))
    assert (again.meta, again.projects, again.votes) == (pb.meta, pb.projects, pb.votes)
    assert again.votes[0]["comment"] == 'says "hi"; twice'
    assert again.meta["comment"] == "semi;colon"


def test_it_writes_from_plain_meta_projects_and_votes():
    meta = {"description": "made here", "budget": 100, "vote_type": "approval"}
    projects = {"a": {"cost": 60, "name": "Park"}, "b": {"cost": 50}}
    votes = [{"voter_id": "v1", "vote": "a,b"}, {"voter_id": "v2", "vote": "b"}]
    pb = read_pb(write_pb((meta, projects, votes)))
    assert pb.projects["b"] == {"project_id": "b", "cost": "50", "name": ""}
    assert pb.election.support.tolist() == [1, 2]


def test_a_project_named_like_a_section_stays_a_project():
    text = (
        "META\nkey;value\nbudget;10\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\nmeta;5\nvotes;5\nVOTES\nvote\nmeta\nvotes\n"
    )
    pb = read_pb(write_pb(read_pb(text)))
    assert pb.election.support.tolist() == [1, 1]


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_shared_file_reads_and_round_trips(name):
    pb = shared(name)
    again = read_pb(write_pb(pb))
    assert again.meta == pb.meta
    assert again.projects == pb.projects
    assert again.votes == pb.votes
    assert (again.election.ballots != pb.election.ballots).nnz == 0
    assert pb.election.voters == int(pb.meta["num_votes"])
    assert len(pb.election.projects) == int(pb.meta["num_projects"])


def test_stanford_and_mechanical_turk_knapsack_votes_are_knapsack_ballots():
    for name in (
        "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks",
        "US_Stanford_Dataset_SF_Tenderloin_December_2022_vote_knapsacks",
        "Worldwide_Mechanical_Turk_Knapsack_8",
    ):
        pb = shared(name)
        assert pb.meta["vote_type"] == "approval"
        assert "max_sum_cost" not in pb.meta
        assert pb.election.ballot_type == "knapsack"
    assert shared("US_Stanford_Dataset_PB_Cambridge_2015_vote_approvals").election.ballot_type == (
        "approval"
    )


def test_the_mechanical_turk_knapsack_ballot_over_budget_is_reported_not_dropped():
    pb = shared("Worldwide_Mechanical_Turk_Knapsack_8")
    assert pb.problems == [
        "line 71: voter 430 chooses projects costing 590,000, more than the budget (500,000)"
    ]
    assert pb.election.voters == 70


def test_the_mechanical_turk_utilities_ballots_short_of_points_are_reported():
    pb = shared("Worldwide_Mechanical_Turk_Utilities_8")
    assert len(pb.problems) == 9
    assert all("fewer than min_sum_points 100" in p for p in pb.problems)


def test_ordinal_files_score_as_their_score_column_says():
    for name in (
        "Switzerland_Zurich_S5R",
        "US_Stanford_Dataset_Merced_Peoples_Budget_Ballot_2019_vote_rankings",
    ):
        pb = shared(name)
        election = pb.election
        for pid, row in pb.projects.items():
            assert int(election.support[election.index[pid]]) == int(row["score"])
