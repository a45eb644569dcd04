"""Kist's counting engine: plain Python with NumPy and SciPy, and nothing from Django.

    from voting.tally import Election, Project, count
    election = Election.from_approval(projects, budget, ballots)
    outcome = count(election, rule="equal-shares", completion="add1u")
"""

from voting.tally.count import COMPLETIONS, RULES, TIE_ORDER, UTILITIES, count
from voting.tally.election import BALLOT_TYPES, Election, Project, borda
from voting.tally.explain import plain_money
from voting.tally.outcome import Outcome, ProjectOutcome
from voting.tally.pabulib import PbError, PbFile, read_pb
from voting.tally.pabulib_write import write_pb

__all__ = [
    "BALLOT_TYPES",
    "COMPLETIONS",
    "RULES",
    "TIE_ORDER",
    "UTILITIES",
    "Election",
    "Outcome",
    "PbError",
    "PbFile",
    "Project",
    "ProjectOutcome",
    "borda",
    "count",
    "plain_money",
    "read_pb",
    "write_pb",
]
