"""Helpers for the staff voting tests: a process in its voting phase, one envelope with
projects and ballot rules, and the people from tests/conftest.py."""

from decimal import Decimal

from budgeting.models import Envelope, Process, Project
from tests.conftest import set_phase
from voting.models import BallotRules, PaperBatch

# The envelope holds £60,000 (tests/conftest.py); these are the projects on its ballot.
PROJECTS = [("Play park", "25000"), ("River benches", "8000"), ("Library bike racks", "12000"),
            ("Community orchard", "30000")]


def voting_round(process: Process, envelope: Envelope, **rules) -> list[Project]:
    """Put the process in its voting phase and give the envelope projects and rules."""
    set_phase(process, "voting")
    projects = [
        Project.objects.create(envelope=envelope, title=title, summary=f"{title}.",
                               cost=Decimal(cost), position=i)
        for i, (title, cost) in enumerate(PROJECTS)
    ]
    BallotRules.objects.update_or_create(envelope=envelope, defaults=rules)
    return projects


def open_batch(envelope: Envelope, staff, declared: int = 3) -> PaperBatch:
    from datetime import date

    from voting.staff.services import paper_batch_open

    return paper_batch_open(staff=staff, envelope=envelope, event="Gala day",
                                     place="Riverside hall", held_on=date(2027, 3, 14),
                                     declared_count=declared)


def ballot_field(project: Project) -> str:
    return f"ballot-p{project.pk}"
