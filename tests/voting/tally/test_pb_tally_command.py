"""`python manage.py pb_tally FILE.pb ...`: counts a Pabulib file without the database."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from voting.tally import count

from .conftest import REPO, official, shared, shared_path

SMALL = (
    "META\nkey;value\nbudget;100\nvote_type;approval\ncurrency;GBP\n"
    "PROJECTS\nproject_id;cost;name\na;60;Park\nb;50;Benches\nc;30;Lights\n"
    "VOTES\nvoter_id;vote\n1;a,b\n2;b\n3;b,c\n4;a\n"
)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("pb_tally", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_json_has_the_fields_other_tools_rely_on(small):
    data = json.loads(run(str(small), "--rule", "greedy", "--json"))
    assert {"rule", "budget", "spent", "selected", "projects"} <= set(data)
    assert data["rule"] == "greedy"
    assert data["budget"] == 100
    assert data["selected"] == ["b", "c"]
    assert data["spent"] == 80
    first = data["projects"][0]
    assert {"project_id", "cost", "support", "selected", "reason"} <= set(first)
    assert first == {**first, "project_id": "a", "cost": 60, "support": 2, "selected": False}
    assert first["reason"].startswith("not funded: 2nd by votes (2); 50 was left")


def test_every_rule_and_option_is_accepted(small):
    for args in (
        ["--rule", "greedy-no-skip"],
        ["--rule", "greedy", "--threshold", "1/2"],
        ["--rule", "max-welfare", "--utility", "cost"],
        ["--rule", "equal-shares", "--completion", "none"],
        ["--rule", "equal-shares", "--completion", "add1", "--increment", "5"],
        ["--rule", "equal-shares"],
    ):
        data = json.loads(run(str(small), *args, "--json"))
        assert data["spent"] <= 100
        assert data["rule"] == args[1]


def test_without_json_it_prints_a_table_with_a_reason_per_project(small):
    text = run(str(small), "--rule", "greedy")
    lines = text.splitlines()
    assert lines[0].startswith("small.pb: greedy")
    assert lines[1] == (
        "budget 100 GBP; spent 80 GBP; left 20 GBP; 4 ballots; 2 of 3 projects funded"
    )
    assert lines[3].split() == ["funded", "project", "cost", "support", "rank", "reason"]
    assert lines[4].split()[:5] == ["yes", "b", "50", "3", "1"]
    assert "funded: 1st by votes (3); 100 of 100 left before it" in lines[4]
    assert "No tie decided anything." in text


def test_the_json_of_a_real_file_matches_the_engine():
    path = shared_path("Poland_Warszawa_2021_Mokotow")
    data = json.loads(run(str(path), "--rule", "greedy", "--json"))
    pb = shared("Poland_Warszawa_2021_Mokotow")
    assert set(data["selected"]) == official(pb)
    assert data["selected"] == count(pb.election, rule="greedy").selected
    assert len(data["projects"]) == 98


def test_a_bad_file_or_option_is_one_clear_error(tmp_path: Path, small):
    bad = tmp_path / "bad.pb"
    bad.write_text(SMALL.replace("2;b\n", "2;b,zz\n"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.pb: line 14: voter 2 votes for unknown project"):
        run(str(bad))
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "missing.pb"))
    with pytest.raises(CommandError, match="threshold applies to the greedy rules only"):
        run(str(small), "--rule", "max-welfare", "--threshold", "1/2")
    with pytest.raises(CommandError, match="not a number"):
        run(str(small), "--threshold", "half")


def test_as_a_process_a_bad_file_prints_one_line_and_exits_non_zero(tmp_path: Path):
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;ten\nvote_type;approval\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "pb_tally", str(bad)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0
    assert "line 4: the PROJECTS section is missing" in done.stderr
