"""Millbrae Community Choices 2027, in shortlisting: its panel of three partners is part-way,
two members have ranked on their own, the facilitator has suggested the pairs and carried one
idea to the ballot; one member has still to rank."""

from decimal import Decimal

from budgeting.models import Envelope, Membership, Process
from budgeting.proposals.models import Proposal
from budgeting.shortlisting import services as panel_services
from budgeting.shortlisting.models import Panel
from budgeting.shortlisting.selectors import panel_proposals
from voting.demo import people
from voting.demo.review import review, submit
from voting.demo.timeline import move_to, round_in

SLUG = "millbrae-2027"

IDEAS = [
    ("Millbrae park toilets", "Reopen the toilets in Millbrae park with an attendant in "
     "summer.", 0, "16000", "green_spaces", "Millbrae park", "feasible"),
    ("Cycle path to the high school", "A painted, kerbed cycle lane on Brae Road.", 0, "21000",
     "streets", "Brae Road", "feasible"),
    ("Men's shed workshop", "Tools and a heated container for the Millbrae men's shed.", 0,
     "7000", "community", "Millbrae depot", "feasible"),
    ("Play park for under-fives", "Soft surfacing and baby swings at the Glebe.", 0, "12500",
     "young_people", "The Glebe", "feasible"),
    ("Community minibus hire", "A year of minibus hire for lunch clubs and youth trips.", 0,
     "9000", "older_people", "Millbrae", "feasible"),
    ("A new leisure centre", "Build a leisure centre with a pool.", 0, "9000000",
     "play_and_sport", "Millbrae", "not_feasible"),
]


def load() -> Process:
    process, _created = round_in(
        SLUG, "shortlisting",
        title="Millbrae Community Choices 2027", area="Millbrae ward",
        description="£45,000 for Millbrae. Partners are shortlisting the ideas together; the "
        "ballot opens soon.",
    )
    people.take_part(process)
    envelope, _ = Envelope.objects.get_or_create(
        process=process, name="Millbrae ward",
        defaults={"amount": Decimal("45000"), "postcode_prefixes": "MB", "minimum_age": 12,
                  "financial_year": "2027/28", "spending": "capital",
                  "fund_source": "Community Choices capital fund"},
    )
    if Proposal.objects.filter(envelope=envelope).exists():
        return process
    move_to(process, "ideas")
    submitted = submit([envelope], IDEAS)
    move_to(process, "review")
    review(submitted)
    facilitator = people.staff("admin@riverside.example")
    panel = panel_services.panel_set_up(
        envelope=envelope, admin=facilitator, facilitator=facilitator,
        memberships=Membership.objects.filter(process=process,
                                              role=Membership.Role.PANEL_MEMBER),
    )
    move_to(process, "shortlisting")
    _part_way(panel, facilitator)
    return process


def _part_way(panel: Panel, facilitator) -> None:
    ideas = list(panel_proposals(panel=panel))
    for email, order in [("panel@riverside.example", [1, 0, 3, 2, 4]),
                         ("panel@riversidetrust.example", [3, 1, 0, 4, 2])]:
        panel_services.own_ranking_submit(
            panel=panel, user=people.staff(email),
            places={ideas[i].pk: place for place, i in enumerate(order, start=1)},
            notes={ideas[order[0]].pk: "Most asked-for at the drop-in sessions."},
        )
    panel_services.pairs_suggest(panel=panel, user=facilitator)
    panel_services.draft_carry_over(panel=panel, user=facilitator, proposal=ideas[1])
