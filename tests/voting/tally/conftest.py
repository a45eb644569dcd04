"""Fixtures for the counting engine's tests: the shared Pabulib files and small elections."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from voting.tally import Election, PbFile, Project, read_pb

# CI clones the repository with shared/ beside it: <parent>/main and <parent>/shared.
REPO = Path(__file__).resolve().parents[3]
SHARED = REPO / ".." / "shared" / "pabulib"


def shared_path(name: str) -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared Pabulib files are not here ({SHARED.resolve()})")
    path = SHARED / f"{name}.pb"
    if not path.is_file():
        pytest.skip(f"{name}.pb is not among the shared Pabulib files")
    return path


@cache
def _read(name: str) -> PbFile:
    return read_pb(shared_path(name))


def shared(name: str) -> PbFile:
    """A shared Pabulib file, read once per test session."""
    return _read(name)


def official(pb: PbFile) -> set[str]:
    """What the city actually funded: the projects marked 1 in the `selected` column."""
    return {pid for pid, row in pb.projects.items() if row.get("selected", "").strip() == "1"}


def approval(costs: dict[str, int], budget: int, ballots: list[str]) -> Election:
    """A small approval election; each ballot is a string of project ids, e.g. "ab"."""
    projects = [Project(pid, cost) for pid, cost in costs.items()]
    return Election.from_approval(projects, budget, [list(b) for b in ballots])


def assert_add1_is_plain_stepping(election: Election):
    """Add1's search keeps what its plain definition keeps (every raise a full run): the same
    raises, projects and prices. Returns the search's result."""
    from fractions import Fraction

    from voting.tally.add1 import add1
    from voting.tally.equal_shares import MesData, run_mes

    data = MesData(election, utility="points" if election.points_based else "cost")
    found = add1(data, election.budget, increment=1, priority=election.tie_rank)
    start = Fraction(election.budget, election.voters)
    kept, k = run_mes(data, start, priority=election.tie_rank), 0
    while True:
        trial = run_mes(data, start + k + 1, priority=election.tie_rank)
        if trial.spent > election.budget:
            break
        kept, k = trial, k + 1
    assert found.raises == k
    assert found.result.selected == kept.selected
    assert [r.rho for r in found.result.rounds] == [r.rho for r in kept.rounds]
    return found
