"""`pb-tally` (python -m voting.tally): the same count as `manage.py pb_tally`, with no Django,
importing only what the rule needs, and counting many files in one run."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from django.core.management import call_command

from voting.tally.cli import main

from .test_pb_tally_command import SMALL


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.pb").write_text(SMALL, encoding="utf-8")
    (tmp_path / "b.pb").write_text(SMALL.replace("budget;100", "budget;60"), encoding="utf-8")
    (tmp_path / "broken.pb").write_text("PROJECTS\n", encoding="utf-8")
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_it_gives_the_same_json_as_the_management_command(folder):
    code, out, _ = _run(str(folder / "a.pb"), "--rule", "equal-shares", "--json")
    managed = io.StringIO()
    call_command("pb_tally", str(folder / "a.pb"), "--rule", "equal-shares", "--json",
                 stdout=managed)
    assert code == 0 and json.loads(out) == json.loads(managed.getvalue())


def test_a_folder_is_counted_a_line_a_file_and_a_bad_file_does_not_stop_it(folder):
    code, out, _ = _run(str(folder), "--rule", "greedy", "--jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["file"] for line in lines] == ["a.pb", "b.pb", "broken.pb"]
    assert lines[0]["spent"] and "error" not in lines[1]
    assert "META" in lines[2]["error"]
    assert code == 1


def test_several_processes_give_the_same_lines_in_the_same_order(folder):
    one = _run(str(folder), "--rule", "greedy", "--jsonl")[1]
    two = _run(str(folder), "--rule", "greedy", "--jsonl", "--jobs", "2")[1]
    assert one == two


def test_a_bad_option_says_what_is_wrong_in_one_line(folder):
    code, _, err = _run(str(folder / "a.pb"), "--threshold", "one half")
    assert code == 2 and err.strip() == "pb-tally: --threshold 'one half' is not a number"
    code, _, err = _run(str(folder / "missing.pb"))
    assert code == 1 and err.startswith("pb-tally: cannot read")


def test_it_runs_without_django_and_greedy_never_loads_scipy(folder):
    probe = (
        "import sys, runpy; sys.argv = ['pb-tally', sys.argv[1], '--rule', 'greedy', '--json'];"
        "\ntry:\n    runpy.run_module('voting.tally', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
        "assert 'scipy' not in sys.modules, 'scipy was imported'\n"
        "assert 'concurrent.futures' not in sys.modules, 'the process pool was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(folder / "a.pb")],
                          capture_output=True, text=True, cwd=Path(__file__).parents[3],
                          env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rule"] == "greedy"
