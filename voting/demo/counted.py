"""Westburn Community Choices 2026, counted: voting closed, the process admin has run the count
and can read it, with its reasons, before publishing it."""

from decimal import Decimal

from budgeting.models import Envelope, Process
from voting.demo import ballots, people
from voting.demo.timeline import move_to, round_in
from voting.demo.voting import projects
from voting.models import BallotRules, BallotType
from voting.results import services as results
from voting.results.models import Tally

SLUG = "westburn-2026"

PROJECTS = [
    ("Westburn pond clean-up", "Dredge the pond and replant its banks.", "11000"),
    ("Tool library", "A lending library of tools in the community flat.", "3000"),
    ("Speed signs on Burnside Road", "Two flashing speed signs near the nursery.", "8000"),
    ("Hall kitchen refit", "A kitchen the lunch club and the youth club can both use.",
     "14000"),
    ("Outdoor classroom", "A canopy and benches in the primary school garden.", "9500"),
    ("Dog bins and benches", "Ten new dog bins and four benches on the loop path.", "4500"),
]


def load() -> Process:
    process, _created = round_in(
        SLUG, "last_day",
        title="Westburn Community Choices 2026", area="Westburn ward",
        description="Residents of Westburn chose up to three projects for £30,000. Voting "
        "has closed and the count is being checked before it is published.",
    )
    people.take_part(process)
    envelope, _ = Envelope.objects.get_or_create(
        process=process, name="Westburn ward",
        defaults={"amount": Decimal("30000"), "postcode_prefixes": "WB", "minimum_age": 12,
                  "financial_year": "2026/27", "spending": "capital",
                  "fund_source": "Community Choices capital fund"})
    if Tally.objects.filter(envelope=envelope).exists():
        move_to(process, "just_closed")
        return process
    BallotRules.objects.update_or_create(
        envelope=envelope, defaults={"ballot_type": BallotType.APPROVAL, "max_projects": 3})
    on_ballot = projects(envelope, PROJECTS)
    picks = ballots.chooser(envelope, on_ballot, [8, 5, 6, 7, 4, 3], seed=2025, most=3)
    ballots.online(envelope, picks, voters=28, postcode="WB2 1QT", prefix="westburn")
    ballots.with_codes(envelope, picks, count=20)
    move_to(process, "just_closed")
    results.tally_count(admin=people.staff("admin@riverside.example"), envelope=envelope)
    return process
