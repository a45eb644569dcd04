"""Plain helpers for ballot tests: an envelope in its voting phase with projects and rules."""

from decimal import Decimal

from budgeting.models import Envelope, Project
from tests.conftest import make_process
from voting.models import BallotRules
from voting.staff.services import codes_issue

# Costs of the projects on the test ballot, in pounds; the envelope holds £60,000.
COSTS = ["10000", "20000", "25000", "30000", "5000"]


def make_voting_envelope(
    *, slug: str = "riverside", phase: str = "voting", amount: str = "60000",
    name: str = "Riverside ward", costs: list[str] | None = None, **rules,
) -> tuple[Envelope, list[Project]]:
    """An envelope in a process in `phase`, with projects and the given ballot rules."""
    from budgeting.models import Process

    process = Process.objects.filter(slug=slug).first() or make_process(slug=slug, phase=phase)
    envelope = Envelope.objects.create(
        process=process, name=name, amount=Decimal(amount), postcode_prefixes="RV1, RV2",
        minimum_age=12,
    )
    projects = [
        Project.objects.create(
            envelope=envelope, title=f"Project {i + 1}", summary=f"Summary {i + 1}",
            cost=Decimal(cost), position=i,
        )
        for i, cost in enumerate(costs or COSTS)
    ]
    BallotRules.objects.create(envelope=envelope, **rules)
    return envelope, projects


def issue_codes(envelope: Envelope, count: int = 3) -> list[str]:
    return codes_issue(staff=None, envelope=envelope, count=count)


def mixed(envelope: Envelope) -> Envelope:
    """Mix everything in the envelope's box, as counting does, so its ballots can be read."""
    from voting.mixing import ballot_box_mix

    ballot_box_mix(envelope=envelope, everything=True)
    return envelope


def ballots_in_box() -> int:
    """Every ballot cast, whether still sealed or already mixed."""
    from voting.models import Ballot, SealedBallot

    return Ballot.objects.count() + SealedBallot.objects.count()
