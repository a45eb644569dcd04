"""Eastgate Community Choices 2026, in delivery: counted and published three weeks ago, with
its funded projects under way and one delivered."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from budgeting.delivery.models import DeliveryStatus
from budgeting.delivery.services import delivery_update_post
from budgeting.models import Envelope, Process, Project
from voting.demo import ballots, people
from voting.demo.timeline import move_to, round_in
from voting.demo.voting import projects
from voting.models import BallotRules, BallotType
from voting.results import services as results
from voting.results.models import Tally

SLUG = "eastgate-2026"

PROJECTS = [
    ("Eastgate play park upgrade", "Accessible swings and a roundabout.", "16000"),
    ("Community garden beds", "Raised beds for the tenants' garden.", "4000"),
    ("Street lighting on Mill Lane", "Six new lamp posts on the dark stretch.", "12000"),
    ("Lunch club kitchen", "A new cooker and fridge for the older people's lunch club.",
     "6500"),
    ("Cycle storage at the flats", "Secure cycle lockers for 40 bikes.", "9000"),
    ("Murals by local artists", "Three murals on the underpass walls.", "5000"),
    ("Wi-fi in the community hall", "Fast wi-fi for classes and job clubs.", "2500"),
]
UPDATES = [
    (DeliveryStatus.IN_PROGRESS, 14, "Contractor appointed; work starts next month."),
    (DeliveryStatus.DELIVERED, 3, "Finished and opened by the ward's young people."),
]


def load() -> Process:
    process, _created = round_in(
        SLUG, "last_day",
        title="Eastgate Community Choices 2026", area="Eastgate ward",
        description="Residents of Eastgate decided how £40,000 is spent. The count is "
        "published with the reasons, and the funded projects are being delivered.",
    )
    people.take_part(process)
    envelope, _ = Envelope.objects.get_or_create(
        process=process, name="Eastgate ward",
        defaults={"amount": Decimal("40000"), "postcode_prefixes": "EG", "minimum_age": 12,
                  "financial_year": "2026/27", "spending": "capital",
                  "fund_source": "Community Choices capital fund"})
    if Tally.objects.filter(envelope=envelope).exists():
        move_to(process, "results")
        return process
    BallotRules.objects.update_or_create(envelope=envelope,
                                         defaults={"ballot_type": BallotType.KNAPSACK})
    on_ballot = projects(envelope, PROJECTS)
    picks = ballots.chooser(envelope, on_ballot, [9, 7, 5, 6, 3, 2, 4], seed=2026)
    ballots.online(envelope, picks, voters=36, postcode="EG1 4AA", prefix="eastgate")
    ballots.with_codes(envelope, picks, count=40)
    ballots.on_paper(envelope, picks, event="Eastgate gala", place="Eastgate hall", papers=25,
                     days_ago=30)
    move_to(process, "results")
    admin = people.staff("admin@riverside.example")
    tally, _new = results.tally_count(admin=admin, envelope=envelope)
    results.tally_publish(admin=admin, tally=tally)
    moderator = people.staff("moderator@riverside.example")
    today = timezone.localdate()
    funded = Project.objects.filter(envelope=envelope, funded_at__isnull=False)
    for project, (status, days_ago, text) in zip(funded.order_by("position"), UPDATES,
                                                 strict=False):
        delivery_update_post(staff=moderator, project=project, status=status,
                             on=today - timedelta(days=days_ago), text=text)
    return process
