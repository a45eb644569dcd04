"""A shortlisting round ready to use: three members from two partners, four feasible ideas."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User

from budgeting.models import Envelope, Membership, Partner, Process
from budgeting.proposals.models import Proposal
from budgeting.shortlisting import services as svc
from budgeting.shortlisting.models import Panel
from tests.conftest import give_second_factor, make_process, make_proposal, make_user


@dataclass
class Round:
    process: Process
    envelope: Envelope
    council: Partner
    trust: Partner
    admin: User
    facilitator: User
    ailsa: User  # council
    brian: User  # council
    chloe: User  # trust
    proposals: list[Proposal]
    not_feasible: Proposal
    panel: Panel | None = None

    @property
    def members(self) -> list[User]:
        return [self.ailsa, self.brian, self.chloe]


def member(partner: Partner, role: str, email: str, name: str = "", process=None) -> User:
    """A role in `process` (by default the partner's one round)."""
    user = make_user(email, name)
    Membership.objects.create(user=user, process=process or partner.processes.get(),
                              partner=partner, role=role)
    give_second_factor(user)
    return user


def make_round(*, with_panel: bool = True, slug: str = "riverside") -> Round:
    process = make_process(slug=slug, phase="shortlisting")
    envelope = Envelope.objects.create(process=process, name="Riverside ward",
                                       amount=Decimal("60000"))
    council = Partner.objects.create(name="Riverside Council", kind=Partner.Kind.COUNCIL)
    trust = Partner.objects.create(name="Riverside Trust", kind=Partner.Kind.THIRD_SECTOR)
    process.partners.add(council, trust)
    admin = member(council, Membership.Role.PROCESS_ADMIN, "admin@council.example", "Admin")
    facilitator = member(trust, Membership.Role.MODERATOR, "fiona@trust.example", "Fiona")
    role = Membership.Role.PANEL_MEMBER
    ailsa = member(council, role, "ailsa@council.example", "Ailsa")
    brian = member(council, role, "brian@council.example", "Brian")
    chloe = member(trust, role, "chloe@trust.example", "Chloe")
    resident = make_user("eilidh@example.com", "Eilidh")
    other = make_user("tom@example.com", "Tom")
    titles = [("Benches on the river path", "8000"), ("Play park for the Meadows", "25000"),
              ("Swings at the Meadows", "9000"), ("Bike racks at the library", "4000")]
    proposals = [
        make_proposal(envelope=envelope, author=resident if i % 2 == 0 else other, title=t,
                      estimated_cost=Decimal(c), status=Proposal.Status.FEASIBLE)
        for i, (t, c) in enumerate(titles)
    ]
    not_feasible = make_proposal(envelope=envelope, author=other, title="A new bridge",
                                 status=Proposal.Status.NOT_FEASIBLE)
    r = Round(process, envelope, council, trust, admin, facilitator, ailsa, brian, chloe,
              proposals, not_feasible)
    if with_panel:
        r.panel = svc.panel_set_up(
            envelope=envelope, admin=admin, facilitator=facilitator,
            memberships=Membership.objects.filter(role=role),
        )
    return r


def rank_all(r: Round, orders: dict[User, list[int]] | None = None) -> None:
    """Every member submits: by default in the proposals' order (1, 2, 3, 4)."""
    for user in r.members:
        order = (orders or {}).get(user, [0, 1, 2, 3])
        places = {r.proposals[i].pk: place for place, i in enumerate(order, start=1)}
        svc.own_ranking_submit(panel=r.panel, user=user, places=places)


def arrange_all(r: Round) -> None:
    """Group the two Meadows ideas, carry the benches over, leave the bike racks out."""
    p = r.proposals
    svc.draft_create(panel=r.panel, user=r.facilitator, title="Meadows play area",
                     summary="A play park with swings.", cost=Decimal("30000"),
                     panel_reason="Two ideas for the same corner.", proposals=[p[1], p[2]])
    svc.draft_carry_over(panel=r.panel, user=r.facilitator, proposal=p[0])
    svc.proposal_leave_out(panel=r.panel, user=r.facilitator, proposal=p[3],
                           reason="The library is already getting racks this year.")
