"""Helpers for the results tests: ballots cast through the real services, then voting closed."""

from datetime import date

from budgeting.models import Envelope, Process, Project
from tests.conftest import set_phase
from tests.voting.casting.ballot_setup import issue_codes
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_with_code
from voting.models import Channel, Participation


def cast_with_codes(envelope: Envelope, ballots: list[dict[Project, int]]) -> list[str]:
    """Cast each ballot (project -> value) with a fresh voting code; the receipts."""
    receipts = []
    for plain, choices in zip(issue_codes(envelope, len(ballots)), ballots, strict=True):
        code = code_find(typed=plain, envelope=envelope)
        ballot = ballot_cast_with_code(
            code=code, choices={p.pk: v for p, v in choices.items()}
        )
        receipts.append(ballot.receipt)
    return receipts


def approvals(*picks: list[Project]) -> list[dict[Project, int]]:
    return [dict.fromkeys(chosen, 1) for chosen in picks]


def close_voting(process: Process) -> Process:
    return set_phase(process, "results")


def online_voters(envelope: Envelope, bands: dict[str, int]) -> None:
    """Participation rows as online voting leaves them, for turnout by age (no ballots)."""
    from django.contrib.auth.models import User

    n = 0
    for band, count in bands.items():
        for _ in range(count):
            n += 1
            user = User.objects.create_user(username=f"voter{envelope.pk}-{n}@example.com")
            Participation.objects.create(envelope=envelope, channel=Channel.ONLINE, user=user,
                                         age_band=band, voted_on=date(2027, 3, 1))
