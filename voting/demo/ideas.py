"""Kirkton Community Choices 2027, taking ideas (so a resident can try proposing), and Southside
2028, a draft the council admin has started and not yet published."""

from datetime import date
from decimal import Decimal

from budgeting.comments import services as comments
from budgeting.following import services as following
from budgeting.models import Envelope, Process
from budgeting.proposals.models import Proposal
from budgeting.setup import services as setup
from budgeting.supports import services as supports
from voting.casting.services import declaration_make
from voting.demo import people
from voting.demo.review import submit
from voting.demo.timeline import dates, round_in

SLUG = "kirkton-2027"
DRAFT_TITLE = "Southside Community Choices 2028"

IDEAS = [
    ("Lights on the canal towpath", "Low solar lights on the stretch between the lock and the "
     "primary school.", 0, "14000", "streets", "Canal towpath", "submitted"),
    ("Kirkton food pantry shelves", "Shelving and a chest freezer for the pantry at the "
     "church hall.", 0, "1900", "community", "Kirkton church hall", "submitted"),
    ("Goalposts for the back field", "Two sets of small goalposts for the field behind the "
     "flats.", 0, "1200", "play_and_sport", "Back field", "submitted"),
]

# Where the ideas are, for the map a council shows once it sets MAP_TILES_URL (a made-up spot
# for a made-up ward).
PLACES = {
    "Lights on the canal towpath": (Decimal("55.861200"), Decimal("-4.262400")),
    "Kirkton food pantry shelves": (Decimal("55.858900"), Decimal("-4.255100")),
    "Goalposts for the back field": (Decimal("55.856300"), Decimal("-4.266800")),
}


def load() -> Process:
    process, _created = round_in(
        SLUG, "ideas",
        title="Kirkton Community Choices 2027", area="Kirkton ward",
        description="£25,000 for Kirkton. Ideas are open: propose one for your street, park or "
        "hall.",
    )
    people.take_part(process, [people.COUNCIL, "Riverside Community Trust"])
    envelope, _ = Envelope.objects.get_or_create(
        process=process, name="Kirkton ward",
        defaults={"amount": Decimal("25000"), "postcode_prefixes": "KT1, KT2",
                  "minimum_age": 12, "financial_year": "2027/28", "spending": "both",
                  "fund_source": "Community Choices capital fund", "supports_limit": 3},
    )
    if not Proposal.objects.filter(envelope=envelope).exists():
        submit([envelope], IDEAS)
        _talk(envelope)
        _support(envelope)
    for title, (latitude, longitude) in PLACES.items():
        Proposal.objects.filter(envelope=envelope, title=title, latitude__isnull=True).update(
            latitude=latitude, longitude=longitude)
    return process


def _talk(envelope: Envelope) -> None:
    """Neighbours talking about the towpath lights: a question, a partner's answer, and a
    comment someone has reported for a moderator to look at."""
    eilidh, tom, priya, _ross = people.residents()
    lights = Proposal.objects.get(envelope=envelope, title=IDEAS[0][0])
    question = comments.comment_post(
        author=tom, target=lights, shown_as="Tom, Lock Street",
        text="Would these be on all night? The houses by the lock back onto the path.")
    comments.comment_post(
        author=people.staff("moderator@riversidetrust.example"), target=lights, parent=question,
        text="Solar lights of this kind dim after midnight and face down onto the path. The "
        "council would check the spot with residents before fitting them.")
    comments.comment_post(author=eilidh, target=lights, shown_as="Eilidh",
                          text="Yes please. I walk my son to school along there in winter.")
    rude = comments.comment_post(author=priya, target=lights,
                                 text="Only people with nothing better to do use the towpath.")
    comments.comment_flag(comment=rude, user=eilidh)


def _support(envelope: Envelope) -> None:
    """Two neighbours support the towpath lights, one the pantry; Tom follows the lights."""
    eilidh, tom, _priya, _ross = people.residents()
    lights, pantry = (Proposal.objects.get(envelope=envelope, title=IDEAS[i][0]) for i in (0, 1))
    for resident, born, ideas in ((eilidh, date(1988, 3, 14), [lights, pantry]),
                                  (tom, date(1975, 11, 2), [lights])):
        declaration_make(user=resident, process=envelope.process, postcode="KT1 4AB",
                         name=resident.get_full_name() or resident.email, born=born)
        for idea in ideas:
            supports.support_give(user=resident, proposal=idea)
    following.follow(user=tom, proposal=lights)


def load_draft() -> Process:
    """Started by the council admin from /setup/new/, one budget in, not yet published."""
    existing = Process.objects.filter(title=DRAFT_TITLE).first()
    if existing:
        return existing
    officer = people.staff(people.COUNCIL_ADMIN[0])
    process = setup.round_start(
        admin=officer, partner=people.partner(people.COUNCIL), title=DRAFT_TITLE,
        area="Southside ward", currency="GBP",
        description="£30,000 for Southside, decided by its residents.", **dates("ideas"),
    )
    setup.envelope_save(admin=officer, process=process, name="Southside ward",
                        amount=Decimal("30000"), postcode_prefixes="", minimum_age=12,
                        financial_year="2028/29", spending="capital",
                        fund_source="Community Choices capital fund")
    return process
