"""Demo voters casting believable ballots online, with voting codes and on paper, through the
ballot box itself (so the demo's ballots are sealed, mixed and counted like real ones)."""

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from budgeting.models import Envelope, Project
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_online, ballot_cast_with_code
from voting.demo import people
from voting.models import Declaration, PaperBatch
from voting.register import person_key
from voting.staff.services import (
    codes_issue,
    paper_ballot_enter,
    paper_ballot_spoil,
    paper_batch_close,
    paper_batch_confirm,
    paper_batch_open,
)

Picks = Callable[[], dict[int, int]]


def chooser(envelope: Envelope, projects: list[Project], weights: list[int], *, seed: int,
            most: int = 4) -> Picks:
    """Ballots that favour some projects, each within the budget and `most` projects long."""
    rng = random.Random(seed)

    def picks() -> dict[int, int]:
        chosen, spent = {}, Decimal(0)
        for project in rng.choices(projects, weights=weights, k=most):
            if project.pk not in chosen and spent + project.cost <= envelope.amount:
                chosen[project.pk] = 1
                spent += project.cost
        return chosen

    return picks


def online(envelope: Envelope, picks: Picks, *, voters: int, postcode: str, prefix: str) -> None:
    """`voters` people who only exist to have voted (no password: hashing one costs time)."""
    process = envelope.process
    for n in range(voters):
        email = f"voter{n + 1:02d}@{prefix}.example"
        voter, _ = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": f"Voter {n + 1}",
                                      "password": "!"})
        Declaration.objects.get_or_create(
            user=voter, process=process,
            defaults={"postcode": postcode, "age": [17, 22, 35, 41, 58, 67][n % 6],
                      "person": person_key(name=f"Voter {n + 1} {prefix}",
                                           born=date(1980, 1, 1), postcode=postcode)},
        )
        ballot_cast_online(user=voter, envelope=envelope, choices=picks())


def with_codes(envelope: Envelope, picks: Picks, *, count: int) -> None:
    for plain in codes_issue(staff=None, envelope=envelope, count=count, note="demo"):
        ballot_cast_with_code(code=code_find(typed=plain, envelope=envelope), choices=picks())


def on_paper(envelope: Envelope, picks: Picks, *, event: str, place: str, papers: int,
             days_ago: int) -> PaperBatch:
    """A batch entered by the council's moderator and checked by the trust's (two pairs of
    eyes), with one spoilt paper."""
    moderator = people.staff("moderator@riverside.example")
    batch = paper_batch_open(staff=moderator, envelope=envelope, event=event, place=place,
                             held_on=timezone.localdate() - timedelta(days=days_ago),
                             declared_count=papers)
    for _ in range(papers - 1):
        paper_ballot_enter(staff=moderator, batch=batch, choices=picks())
    paper_ballot_spoil(staff=moderator, batch=batch, reason="Two crosses too many")
    paper_batch_close(staff=moderator, batch=batch)
    paper_batch_confirm(staff=people.staff("moderator@riversidetrust.example"), batch=batch)
    return batch
