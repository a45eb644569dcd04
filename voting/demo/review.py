"""Riverside Community Choices 2027, in review: ideas have closed and moderators of two
partners are checking them, with every outcome a review can have."""

from decimal import Decimal

from budgeting.models import Envelope, Process
from budgeting.proposals import services
from budgeting.proposals.models import Proposal
from voting.demo import people
from voting.demo.timeline import move_to, round_in

SLUG = "riverside-2027"

# title, summary, envelope index, cost, category, location, outcome
IDEAS = [
    ("Benches along the river path", "Ten benches with armrests every 200 metres between the "
     "bridge and the allotments.", 0, "8000", "green_spaces", "Riverside path", "feasible"),
    ("Community fridge at the library", "A shared fridge where shops and neighbours leave "
     "surplus food for anyone to take.", 0, "4500", "community", "Riverside Library",
     "feasible"),
    ("Floodlights for the five-a-side pitch", "LED floodlights so the pitch can be used on winter "
     "evenings.", 1, "32000", "play_and_sport", "North Bank pitch", "feasible"),
    ("Wildflower verges", "Sow native wildflowers on four grass verges instead of mowing them "
     "monthly.", 1, "3000", "green_spaces", "Mill Road", "feasible"),
    ("Repair café kit", "Tools, a workbench and insurance for a monthly repair café run by "
     "volunteers.", 0, "2500", "community", "St Ninian's Hall", "feasible"),
    ("Heated outdoor swimming pool", "An outdoor pool open all year.", 0, "2500000",
     "play_and_sport", "Riverside Park", "not_feasible"),
    ("Resurface the A91", "Resurface the main road through town.", 1, "450000", "streets",
     "A91", "not_feasible"),
    ("Free parking in the town centre", "Remove parking charges for a year.", 0, "60000",
     "streets", "Town centre", "not_feasible"),
    ("Youth music studio", "Convert the back room of the youth club into a small recording "
     "studio.", 1, "18000", "young_people", "North Bank Youth Club", "needs_information"),
    ("Dementia-friendly signage", "Clear signs and a quiet room at the health centre.", 0,
     "6000", "older_people", "Riverside Health Centre", "needs_information"),
    ("Bike repair stands", "Three public bike repair stands with pumps and tools.", 1, "3600",
     "streets", "Station, school, park", "under_review"),
    ("Outdoor gym equipment", "Six pieces of outdoor gym kit next to the play park.", 0,
     "24000", "health", "Riverside Park", "under_review"),
    ("Storytelling festival", "A weekend festival of Scots and Gaelic storytelling for "
     "families.", 0, "9000", "community", "Riverside Library", "under_review"),
    ("Defibrillator at the community hall", "A public-access defibrillator with training for "
     "twenty volunteers.", 1, "2200", "health", "North Bank Hall", "submitted"),
    ("Planters on the high street", "Twelve large planters looked after by the primary "
     "school.", 0, "5400", "green_spaces", "High Street", "submitted"),
    ("Warm space sofas", "Comfortable seating for the winter warm space at the library.", 0,
     "1800", "older_people", "Riverside Library", "submitted"),
    ("Skate park ramps", "Two new ramps at the skate park designed with local skaters.", 1,
     "28000", "young_people", "North Bank Skate Park", "submitted"),
    ("Safer crossing by the school", "A raised crossing and flashing signs on Burn Street.",
     1, "35000", "streets", "Burn Street", "submitted"),
    ("Allotment water supply", "Mains water to the north allotments.", 1, "7500",
     "green_spaces", "North allotments", "withdrawn"),
    ("Anything else at all", "Buy me a car.", 0, "20000", "other", "", "hidden"),
]

REASONS = {
    "feasible": "This can be done on council land and the cost has been checked with the "
    "parks team.",
    "not_feasible": "This is far beyond the budget of the envelope and is the responsibility "
    "of the roads authority.",
    "needs_information": "Please tell us which room you mean and whether the building's "
    "owner agrees.",
}


def submit(envelopes: list[Envelope], ideas) -> list[tuple[Proposal, str]]:
    """Residents propose `ideas` (the round must be taking ideas); each with its outcome."""
    residents = people.residents()
    out = []
    for index, (title, summary, env, cost, category, location, outcome) in enumerate(ideas):
        author = residents[index % len(residents)]
        proposal = services.proposal_submit(
            author=author, envelope=envelopes[env], title=title, summary=summary,
            description=f"{summary}\n\nProposed by a resident of {envelopes[env].name}.",
            estimated_cost=Decimal(cost), category=category, location=location,
        )
        if outcome == "withdrawn":
            services.proposal_withdraw(proposal=proposal, author=author)
        out.append((proposal, outcome))
    return out


def review(submitted: list[tuple[Proposal, str]]) -> None:
    """The council's moderator reviews; the trust's moderator hides what is not an idea."""
    moderator = people.staff("moderator@riverside.example")
    for proposal, outcome in submitted:
        if outcome in ("under_review", *REASONS):
            services.proposal_start_review(proposal=proposal, moderator=moderator)
        if outcome in REASONS:
            revised = (Decimal(proposal.estimated_cost) * Decimal("1.1")).quantize(Decimal("1"))
            services.review_record(
                proposal=proposal, reviewer=moderator, decision=outcome,
                public_reason=REASONS[outcome],
                revised_cost=revised if outcome == "feasible" else None,
            )
        if outcome == "hidden":
            services.proposal_hide(
                proposal=proposal, moderator=people.staff("moderator@riversidetrust.example"),
                reason="Not a community idea; personal request.",
            )


def load() -> Process:
    process, _created = round_in(
        SLUG, "review",
        title="Riverside Community Choices 2027", area="Riverside and North Bank wards",
        description="£100,000 of the council's budget for 2027 is for residents of Riverside "
        "and North Bank to decide. Propose an idea for your ward, help shape the shortlist and "
        "vote for the projects you want.",
    )
    people.take_part(process)
    envelopes = [
        Envelope.objects.get_or_create(
            process=process, name=name,
            defaults={"amount": Decimal(amount), "postcode_prefixes": prefixes,
                      "minimum_age": 12, "description": description,
                      "financial_year": "2027/28", "spending": "capital",
                      "fund_source": "Community Choices capital fund"},
        )[0]
        for name, amount, prefixes, description in [
            ("Riverside ward", "60000", "RV1, RV2", "For ideas in Riverside ward."),
            ("North Bank ward", "40000", "RV3, RV4", "For ideas in North Bank ward."),
        ]
    ]
    if not Proposal.objects.filter(envelope__process=process).exists():
        move_to(process, "ideas")
        submitted = submit(envelopes, IDEAS)
        move_to(process, "review")
        review(submitted)
    return process
