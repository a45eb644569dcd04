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
    from django.utils import timezone

    from voting.staff.services import paper_batch_open

    # A day of voting: today, or its last day for a batch opened after voting closed.
    held_on = min(timezone.localdate(), envelope.process.voting_end)
    return paper_batch_open(staff=staff, envelope=envelope, event="Gala day",
                            place="Riverside hall", held_on=held_on, declared_count=declared)


def close_batch(batch: PaperBatch, staff) -> PaperBatch:
    """Close a reconciled batch as the rules ask: `staff` asks, a moderator of another partner
    confirms, and a returning officer (a superuser) approves it if it came in late."""
    from voting.staff.services import paper_batch_close

    paper_batch_close(staff=staff, batch=batch)
    return confirm_batch(batch)


def confirm_batch(batch: PaperBatch) -> PaperBatch:
    """The second pair of eyes on a batch asked to close: a moderator of another partner."""
    from budgeting.models import Membership, Partner
    from tests.conftest import give_second_factor, make_user
    from voting.staff.services import paper_batch_approve, paper_batch_confirm

    process = batch.envelope.process
    checkers, _ = Partner.objects.get_or_create(name="Checking Trust",
                                                defaults={"kind": Partner.Kind.THIRD_SECTOR})
    process.partners.add(checkers)
    checker = (Membership.objects.filter(partner=checkers, process=process).first()
               or Membership.objects.create(
                   user=make_user(f"checker{process.pk}-{checkers.pk}@trust.example"),
                   process=process, partner=checkers, role=Membership.Role.MODERATOR)).user
    give_second_factor(checker)
    batch = paper_batch_confirm(staff=checker, batch=batch)
    if batch.late:
        officer = make_user(f"officer{batch.pk}@kist.example", is_superuser=True)
        batch = paper_batch_approve(admin=officer, batch=batch)
    return batch


def ballot_field(project: Project) -> str:
    return f"ballot-p{project.pk}"
