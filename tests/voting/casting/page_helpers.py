"""Helpers for the resident-facing voting page tests (views and browser)."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from budgeting.models import Envelope, Process, Project
from tests.conftest import make_process
from voting.models import BallotRules
from voting.rules import rules_of

# Project costs in pounds on the test ballot; the envelope holds £60,000.
COSTS = ["10000", "20000", "25000", "30000", "5000"]
TITLES = ["Benches by the river", "Play park on the Meadows", "Library opening hours",
          "Community garden", "Bike racks at the station"]


def make_ballot(
    *, process: Process | None = None, slug: str = "riverside", phase: str = "voting",
    name: str = "Riverside ward", amount: str = "60000", prefixes: str = "RV1, RV2",
    minimum_age: int = 12, costs: list[str] | None = None, ballot_type: str = "knapsack",
    **rules,
) -> tuple[Envelope, list[Project]]:
    """An envelope in a process in `phase`, with projects and the given ballot rules."""
    process = process or Process.objects.filter(slug=slug).first() or make_process(
        slug=slug, phase=phase
    )
    envelope = Envelope.objects.create(
        process=process, name=name, amount=Decimal(amount), postcode_prefixes=prefixes,
        minimum_age=minimum_age,
    )
    projects = [
        Project.objects.create(
            envelope=envelope, title=TITLES[i % len(TITLES)], summary=f"What project {i + 1} does.",
            cost=Decimal(cost), position=i,
        )
        for i, cost in enumerate(costs or COSTS)
    ]
    BallotRules.objects.update_or_create(
        envelope=envelope, defaults={"ballot_type": ballot_type, **rules}
    )
    return envelope, projects


def set_rules(envelope: Envelope, **fields) -> BallotRules:
    rules = rules_of(envelope)
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.save()
    return rules


def ballot_url(envelope: Envelope) -> str:
    return reverse("vote_ballot", args=[envelope.process.slug, envelope.pk])


def check_url(envelope: Envelope) -> str:
    return reverse("vote_check", args=[envelope.process.slug, envelope.pk])


def basket_url(envelope: Envelope) -> str:
    return reverse("vote_basket", args=[envelope.process.slug, envelope.pk])


def born_aged(age: int) -> str:
    """A date of birth, as typed, of someone `age` today."""
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - age, day=28)
    return f"{born.day} {born.month} {born.year}"


def declare(client, process: Process, *, postcode: str = "RV1 2AB", age: int = 30,
            born: str | None = None, name: str | None = None):
    """Declare as the signed-in resident; by default someone named after their account."""
    if name is None:
        name = f"Resident {client.session.get('_auth_user_id', 'anonymous')}"
    return client.post(reverse("vote_declare", args=[process.slug]), {
        "full_name": name, "postcode": postcode,
        "date_of_birth": born_aged(age) if born is None else born})


def ticks(*projects: Project) -> dict:
    return {"projects": [str(p.pk) for p in projects]}
