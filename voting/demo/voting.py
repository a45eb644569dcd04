"""Northfield Community Choices 2026, open for voting: a knapsack ballot for the ward and an
approval ballot for a youth pot with voting codes left to try."""

from datetime import date
from decimal import Decimal

from budgeting.languages.words import words_save
from budgeting.models import Envelope, Process, Project
from voting.casting.services import ballot_cast_online
from voting.demo import people
from voting.demo.timeline import round_in
from voting.models import BallotRules, BallotType, Declaration
from voting.register import person_key
from voting.staff.services import codes_issue

SLUG = "northfield-2026"

WARD = [
    ("Northfield park lighting", "Solar lights on the three main park paths.", "18000"),
    ("Community orchard", "Forty fruit trees and a volunteer group to look after them.", "7500"),
    ("Safer route to school", "A crossing patrol point and new dropped kerbs on Station Road.",
     "22000"),
    ("Bowling green pavilion roof", "Repair the leaking roof of the pavilion.", "12000"),
    ("Library makerspace", "3D printers, sewing machines and volunteers' time.", "9000"),
    ("Bus shelter benches", "Benches in the six shelters that have none.", "4200"),
]
YOUTH = [
    ("Friday night football", "Coached football on Friday evenings all year.", "3500"),
    ("Youth café sofas and games", "Make the youth café a place to spend time.", "2500"),
    ("Skate jam weekend", "A weekend of skating with workshops.", "4000"),
    ("Music studio hours", "Free studio time and a tutor for a year.", "5000"),
]


def projects(envelope: Envelope, rows) -> list[Project]:
    return [Project.objects.create(envelope=envelope, position=i, title=title, summary=summary,
                                   cost=Decimal(cost))
            for i, (title, summary, cost) in enumerate(rows)]


def load() -> tuple[Process, list[str]]:
    """The round, and the youth pot's voting codes when they are first issued."""
    process, _created = round_in(
        SLUG, "voting",
        title="Northfield Community Choices 2026", area="Northfield ward",
        description="Residents of Northfield decide how £60,000 is spent: £50,000 across the "
        "ward and a £10,000 pot chosen by young people.",
    )
    people.take_part(process)
    money = {"financial_year": "2026/27", "fund_source": "Ward discretionary budget"}
    ward, _ = Envelope.objects.get_or_create(
        process=process, name="Northfield ward",
        defaults={"amount": Decimal("50000"), "postcode_prefixes": "NF1, NF2",
                  "minimum_age": 12, "spending": "capital", **money})
    youth, _ = Envelope.objects.get_or_create(
        process=process, name="Youth pot",
        defaults={"amount": Decimal("10000"), "postcode_prefixes": "NF", "minimum_age": 12,
                  "maximum_age": 25, "description": "For young people aged 12 to 25.",
                  "spending": "revenue", **money})
    if Project.objects.filter(envelope__process=process).exists():
        return process, []
    _in_gaelic(process, ward, youth)
    BallotRules.objects.update_or_create(
        envelope=ward, defaults={"ballot_type": BallotType.KNAPSACK, "min_spend_percent": 0})
    BallotRules.objects.update_or_create(
        envelope=youth, defaults={"ballot_type": BallotType.APPROVAL, "max_projects": 3})
    on_ward = projects(ward, WARD)
    projects(youth, YOUTH)
    residents = people.residents()
    for index, resident in enumerate(residents):
        age = 19 + 11 * index
        Declaration.objects.get_or_create(
            user=resident, process=process,
            defaults={"postcode": "NF1 2AB", "age": age,
                      "person": person_key(name=resident.get_full_name() or resident.email,
                                           born=date(date.today().year - age, 1, 1),
                                           postcode="NF1 2AB")},
        )
    # Two residents have voted already; the others can try it.
    for resident, picks in zip(residents[:2], [(0, 1, 4), (2, 3, 5)], strict=True):
        ballot_cast_online(user=resident, envelope=ward,
                           choices={on_ward[i].pk: 1 for i in picks})
    return process, codes_issue(staff=None, envelope=youth, count=5, note="demo")


def _in_gaelic(process: Process, ward: Envelope, youth: Envelope) -> None:
    """The round's own words in Gaelic, so voting can be tried in Gàidhlig; the projects keep
    their English, to show the fallback."""
    admin = people.staff("admin@riverside.example")
    for obj, words in [
        (process, {"title": "Roghainnean Coimhearsnachd Northfield 2026",
                   "area": "Uàrd Northfield",
                   "description": "Bidh luchd-còmhnaidh Northfield a' co-dhùnadh mar a thèid "
                   "£60,000 a chosg: £50,000 air feadh an uàird agus £10,000 a thaghas "
                   "daoine òga."}),
        (ward, {"name": "Uàrd Northfield"}),
        (youth, {"name": "Maoin na h-Òigridh",
                 "description": "Airson daoine òga eadar 12 is 25."}),
    ]:
        words_save(actor=admin, process=process, obj=obj, language="gd", words=words)
