"""Each stage's rules, the sign-off rule and the emails, through the services."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from budgeting.models import AuditEntry, Envelope, Membership, Partner, Project
from budgeting.proposals.models import Proposal
from budgeting.shortlisting import selectors as sel
from budgeting.shortlisting import services as svc
from budgeting.shortlisting.models import DraftProject, Panel, PanelMember
from tests.budgeting.shortlisting.shortlist_helpers import arrange_all, make_round, member, rank_all
from tests.conftest import set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    return make_round()


# Setting up


def test_panel_needs_members_from_two_partners():
    r = make_round(with_panel=False)
    council_only = Membership.objects.filter(partner=r.council,
                                             role=Membership.Role.PANEL_MEMBER)
    with pytest.raises(ValidationError, match="at least two partners"):
        svc.panel_set_up(envelope=r.envelope, admin=r.admin, facilitator=r.facilitator,
                         memberships=council_only)
    assert not Panel.objects.exists()


def test_only_a_process_admin_sets_up_a_panel():
    r = make_round(with_panel=False)
    with pytest.raises(PermissionDenied):
        svc.panel_set_up(envelope=r.envelope, admin=r.ailsa, facilitator=r.facilitator,
                         memberships=Membership.objects.filter(role="panel_member"))


def test_panel_set_up_records_members_and_audit(r):
    seats = PanelMember.objects.filter(panel=r.panel)
    assert {s.user for s in seats} == set(r.members)
    assert AuditEntry.objects.filter(action="shortlist.panel_set_up", actor=r.admin).exists()
    with pytest.raises(ValidationError, match="already has a shortlisting panel"):
        svc.panel_set_up(envelope=r.envelope, admin=r.admin, facilitator=r.facilitator,
                         memberships=Membership.objects.filter(role="panel_member"))


def test_members_must_be_panel_members_of_partners_in_the_process(r):
    outsider = Partner.objects.create(name="Hillside Trust", kind=Partner.Kind.THIRD_SECTOR)
    member(outsider, Membership.Role.PANEL_MEMBER, "hugh@hillside.example", "Hugh", r.process)
    envelope = Envelope.objects.create(process=r.process, name="North Bank",
                                       amount=Decimal("1000"))
    with pytest.raises(ValidationError, match="partners taking part"):
        svc.panel_set_up(envelope=envelope, admin=r.admin, facilitator=r.facilitator,
                         memberships=Membership.objects.filter(role="panel_member"))
    with pytest.raises(ValidationError, match="partners taking part"):
        svc.panel_set_up(envelope=envelope, admin=r.admin, facilitator=r.facilitator,
                         memberships=Membership.objects.filter(role="moderator"))


# Own


def test_own_ranking_needs_every_proposal_a_different_place(r):
    p = r.proposals
    with pytest.raises(ValidationError, match="Give every proposal a place"):
        svc.own_ranking_submit(panel=r.panel, user=r.ailsa, places={p[0].pk: 1})
    with pytest.raises(ValidationError, match="different place"):
        svc.own_ranking_submit(panel=r.panel, user=r.ailsa,
                               places={p[0].pk: 1, p[1].pk: 1, p[2].pk: 2, p[3].pk: 3})
    with pytest.raises(ValidationError, match="Give every proposal a place"):
        # A proposal that is not feasible is not the panel's to rank.
        svc.own_ranking_submit(panel=r.panel, user=r.ailsa, places={
            **{x.pk: i for i, x in enumerate(p[:3], start=1)}, r.not_feasible.pk: 4})


def test_own_ranking_is_kept_with_notes_and_only_once(r):
    p = r.proposals
    places = {x.pk: i for i, x in enumerate(p, start=1)}
    svc.own_ranking_submit(panel=r.panel, user=r.ailsa, places=places,
                           notes={p[0].pk: "  Much asked for.  "})
    seat = PanelMember.objects.get(user=r.ailsa)
    assert seat.submitted_at is not None
    assert seat.ranks.get(proposal=p[0]).note == "Much asked for."
    with pytest.raises(ValidationError, match="already submitted"):
        svc.own_ranking_submit(panel=r.panel, user=r.ailsa, places=places)
    assert AuditEntry.objects.filter(action="shortlist.own_submitted", actor=r.ailsa).count() == 1


def test_non_member_cannot_rank(r):
    places = {x.pk: i for i, x in enumerate(r.proposals, start=1)}
    with pytest.raises(PermissionDenied, match="Only members"):
        svc.own_ranking_submit(panel=r.panel, user=r.admin, places=places)
    with pytest.raises(PermissionDenied, match="Only members"):
        svc.own_ranking_submit(panel=r.panel, user=r.facilitator, places=places)


def test_ranking_only_in_the_shortlisting_phase(r):
    set_phase(r.process, "voting")
    places = {x.pk: i for i, x in enumerate(r.proposals, start=1)}
    with pytest.raises(ValidationError, match="not in its shortlisting phase"):
        svc.own_ranking_submit(panel=Panel.objects.get(pk=r.panel.pk), user=r.ailsa,
                               places=places)


def test_members_cannot_see_others_views_before_submitting_their_own(r):
    with pytest.raises(PermissionDenied, match="Submit your own ranking first"):
        sel.check_may_see_views(panel=r.panel, user=r.ailsa)
    svc.own_ranking_submit(panel=r.panel, user=r.ailsa,
                           places={x.pk: i for i, x in enumerate(r.proposals, start=1)})
    assert sel.check_may_see_views(panel=r.panel, user=r.ailsa).user == r.ailsa
    # The facilitator runs the room and sees the views; a stranger never does.
    assert sel.check_may_see_views(panel=r.panel, user=r.facilitator) is None
    with pytest.raises(PermissionDenied):
        sel.check_may_see_views(panel=r.panel, user=r.admin)


# Pair


def test_pairs_cross_partners(r):
    pairs = svc.pairs_suggest(panel=r.panel, user=r.facilitator)
    assert len(pairs) == 1  # three members: one group of three, no one left out
    partners = {m.partner_id for m in pairs[0].members.all()}
    assert partners == {r.council.pk, r.trust.pk}
    assert AuditEntry.objects.filter(action="shortlist.pairs_suggested").exists()
    with pytest.raises(PermissionDenied, match="Only the facilitator"):
        svc.pairs_suggest(panel=r.panel, user=r.ailsa)


def test_pair_with_four_members_is_council_with_third_sector(r):
    dan = member(r.trust, Membership.Role.PANEL_MEMBER, "dan@trust.example", "Dan")
    PanelMember.objects.create(panel=r.panel, user=dan, partner=r.trust)
    pairs = svc.pairs_suggest(panel=r.panel, user=r.facilitator)
    assert len(pairs) == 2
    for pair in pairs:
        kinds = sorted(m.partner.kind for m in pair.members.all())
        assert kinds == ["council", "third_sector"]


def test_pair_agrees_picks_with_a_reason(r):
    rank_all(r)
    pair = svc.pairs_suggest(panel=r.panel, user=r.facilitator)[0]
    with pytest.raises(ValidationError):
        svc.pair_agree(pair=pair, user=r.ailsa, picks=[r.proposals[0]], reason="  ")
    with pytest.raises(ValidationError):
        svc.pair_agree(pair=pair, user=r.ailsa, picks=[r.not_feasible], reason="Good")
    svc.pair_agree(pair=pair, user=r.chloe, picks=r.proposals[:2], reason="Most asked for.")
    pair.refresh_from_db()
    assert pair.agreed_by.user == r.chloe and pair.reason == "Most asked for."
    assert set(pair.picks.all()) == set(r.proposals[:2])
    with pytest.raises(ValidationError, match="already agreed"):
        svc.pairs_suggest(panel=r.panel, user=r.facilitator)
    assert AuditEntry.objects.filter(action="shortlist.pair_agreed", actor=r.chloe).exists()


def test_pair_member_must_submit_own_ranking_first(r):
    pair = svc.pairs_suggest(panel=r.panel, user=r.facilitator)[0]
    with pytest.raises(ValidationError, match="Submit your own ranking"):
        svc.pair_agree(pair=pair, user=r.ailsa, picks=r.proposals[:1], reason="Good")


# Rank


def test_borda_over_own_rankings_with_agreement(r):
    p = r.proposals
    rank_all(r, {r.ailsa: [0, 1, 2, 3], r.brian: [0, 2, 1, 3], r.chloe: [3, 1, 2, 0]})
    submitted, ranking = sel.panel_ranking(panel=r.panel)
    assert len(submitted) == 3
    points = {item.proposal.pk: item.row.points for item in ranking}
    # places: p0 1,1,4 -> 3+3+0; p1 2,3,2 -> 2+1+2; p2 3,2,3 -> 1+2+1; p3 4,4,1 -> 0+0+3
    assert points == {p[0].pk: 6, p[1].pk: 5, p[2].pk: 4, p[3].pk: 3}
    assert [item.proposal for item in ranking] == p
    rows = {item.proposal.pk: item.row for item in ranking}
    assert rows[p[0].pk].agreement == "differ" and rows[p[0].pk].spread == 3
    assert rows[p[1].pk].agreement == "mixed"


# Arrange


def test_arrange_groups_carries_over_and_totals(r):
    arrange_all(r)
    state = sel.arrangement(panel=r.panel)
    assert [d.title for d in state["drafts"]] == ["Meadows play area",
                                                  "Benches on the river path"]
    assert state["total"] == Decimal("38000") and state["remaining"] == Decimal("22000")
    assert state["undecided"] == []
    assert [p for p, _ in state["left_out"]] == [r.proposals[3]]
    for action in ("shortlist.project_arranged", "shortlist.proposal_carried_over",
                   "shortlist.proposal_left_out"):
        assert AuditEntry.objects.filter(action=action, actor=r.facilitator).exists()


def test_a_proposal_cannot_be_in_two_projects(r):
    arrange_all(r)
    with pytest.raises(ValidationError, match="already in the project “Meadows play area”"):
        svc.draft_create(panel=r.panel, user=r.facilitator, title="Swings", summary="s",
                         cost=Decimal("9000"), panel_reason="r", proposals=[r.proposals[2]])
    with pytest.raises(ValidationError, match="already in the project"):
        svc.draft_carry_over(panel=r.panel, user=r.facilitator, proposal=r.proposals[0])
    with pytest.raises(ValidationError, match="left out"):
        svc.draft_carry_over(panel=r.panel, user=r.facilitator, proposal=r.proposals[3])
    assert DraftProject.objects.count() == 2


def test_a_project_cannot_cost_more_than_the_envelope(r):
    with pytest.raises(ValidationError, match="more than the whole envelope"):
        svc.draft_create(panel=r.panel, user=r.facilitator, title="Everything", summary="s",
                         cost=Decimal("60000.01"), panel_reason="r", proposals=r.proposals[:1])
    svc.draft_create(panel=r.panel, user=r.facilitator, title="Exactly", summary="s",
                     cost=Decimal("60000"), panel_reason="r", proposals=r.proposals[:1])


def test_only_the_facilitator_arranges(r):
    with pytest.raises(PermissionDenied, match="Only the facilitator"):
        svc.draft_carry_over(panel=r.panel, user=r.ailsa, proposal=r.proposals[0])
    with pytest.raises(PermissionDenied):
        svc.proposal_leave_out(panel=r.panel, user=r.admin, proposal=r.proposals[0],
                               reason="No")


def test_removing_and_putting_back(r):
    arrange_all(r)
    draft = DraftProject.objects.get(title="Meadows play area")
    svc.draft_remove(draft=draft, user=r.facilitator)
    svc.proposal_put_back(panel=r.panel, user=r.facilitator, proposal=r.proposals[3])
    state = sel.arrangement(panel=r.panel)
    assert {p.pk for p in state["undecided"]} == {r.proposals[i].pk for i in (1, 2, 3)}


# Sign-off as equals


def test_published_only_when_every_partner_approved(r):
    arrange_all(r)
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    svc.shortlist_approve(panel=r.panel, user=r.brian)
    with pytest.raises(ValidationError, match="Still to approve: Riverside Trust"):
        svc.shortlist_publish(panel=r.panel, user=r.facilitator)
    svc.shortlist_approve(panel=r.panel, user=r.chloe)
    projects = svc.shortlist_publish(panel=r.panel, user=r.facilitator)
    assert [p.title for p in projects] == ["Meadows play area", "Benches on the river path"]
    assert Panel.objects.get(pk=r.panel.pk).is_published


def test_one_member_per_partner_is_enough(r):
    arrange_all(r)
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    svc.shortlist_approve(panel=r.panel, user=r.chloe)
    svc.shortlist_publish(panel=r.panel, user=r.facilitator)


def test_approving_twice_is_refused(r):
    arrange_all(r)
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    with pytest.raises(ValidationError, match="already approved"):
        svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    assert AuditEntry.objects.filter(action="shortlist.approved").count() == 1


def test_nothing_to_approve_and_non_members_cannot_approve(r):
    with pytest.raises(ValidationError, match="nothing to approve"):
        svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    arrange_all(r)
    with pytest.raises(PermissionDenied):
        svc.shortlist_approve(panel=r.panel, user=r.admin)
    with pytest.raises(PermissionDenied):
        svc.shortlist_approve(panel=r.panel, user=r.facilitator)


def test_any_change_after_an_approval_clears_the_approvals(r):
    arrange_all(r)
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    svc.shortlist_approve(panel=r.panel, user=r.chloe)
    draft = DraftProject.objects.get(title="Benches on the river path")
    svc.draft_remove(draft=draft, user=r.facilitator)
    assert not PanelMember.objects.filter(approved_at__isnull=False).exists()
    assert AuditEntry.objects.filter(action="shortlist.approvals_cleared").exists()
    svc.draft_carry_over(panel=r.panel, user=r.facilitator, proposal=r.proposals[0])
    with pytest.raises(ValidationError, match="Still to approve"):
        svc.shortlist_publish(panel=r.panel, user=r.facilitator)
    # Approving again after the change is allowed: it is a new shortlist.
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)


def test_publish_needs_every_proposal_decided(r):
    svc.draft_carry_over(panel=r.panel, user=r.facilitator, proposal=r.proposals[0])
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    svc.shortlist_approve(panel=r.panel, user=r.chloe)
    with pytest.raises(ValidationError, match="Still to arrange: Play park"):
        svc.shortlist_publish(panel=r.panel, user=r.facilitator)


def test_only_the_facilitator_publishes(r):
    arrange_all(r)
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    svc.shortlist_approve(panel=r.panel, user=r.chloe)
    with pytest.raises(PermissionDenied):
        svc.shortlist_publish(panel=r.panel, user=r.ailsa)


@pytest.fixture
def published(r, django_capture_on_commit_callbacks):
    arrange_all(r)
    svc.shortlist_approve(panel=r.panel, user=r.ailsa)
    svc.shortlist_approve(panel=r.panel, user=r.chloe)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.shortlist_publish(panel=r.panel, user=r.facilitator)
    r.panel.refresh_from_db()
    return r


def test_publication_makes_the_ballot_projects(published):
    r = published
    projects = list(Project.objects.filter(envelope=r.envelope))
    assert [(p.title, p.cost, p.position) for p in projects] == [
        ("Meadows play area", Decimal("30000.00"), 1),
        ("Benches on the river path", Decimal("8000.00"), 2),
    ]
    assert set(projects[0].proposals.all()) == {r.proposals[1], r.proposals[2]}
    assert projects[0].panel_reason == "Two ideas for the same corner."
    statuses = dict(Proposal.objects.values_list("title", "status"))
    assert statuses["Play park for the Meadows"] == "shortlisted"
    assert statuses["Bike racks at the library"] == "not_shortlisted"
    assert statuses["A new bridge"] == "not_feasible"
    assert AuditEntry.objects.filter(action="shortlist.published", actor=r.facilitator).exists()


def test_proposers_are_told_whether_and_how(published):
    by_subject = {m.subject: m for m in mail.outbox}
    assert len(mail.outbox) == 4
    grouped = by_subject["Your idea “Swings at the Meadows” is going to the vote"]
    assert grouped.to == ["eilidh@example.com"]
    assert "joined it with similar ideas" in grouped.body and "Meadows play area" in grouped.body
    alone = by_subject["Your idea “Benches on the river path” is going to the vote"]
    assert "on its own" in alone.body and "£8,000.00" in alone.body
    left = by_subject["Your idea “Bike racks at the library” will not be on the ballot"]
    assert "already getting racks" in left.body


def test_editing_after_publication_is_refused(published):
    r = published
    for action in (
        lambda: svc.draft_carry_over(panel=r.panel, user=r.facilitator, proposal=r.proposals[3]),
        lambda: svc.draft_remove(draft=DraftProject.objects.first(), user=r.facilitator),
        lambda: svc.shortlist_approve(panel=r.panel, user=r.brian),
        lambda: svc.shortlist_publish(panel=r.panel, user=r.facilitator),
        lambda: svc.pairs_suggest(panel=r.panel, user=r.facilitator),
        lambda: svc.proposal_put_back(panel=r.panel, user=r.facilitator,
                                      proposal=r.proposals[3]),
    ):
        with pytest.raises(ValidationError, match="has been published"):
            action()
    assert Project.objects.count() == 2


def test_published_shortlist_selector(published):
    shortlist = sel.published_shortlist(envelope=published.envelope)
    assert [p.title for p in shortlist["projects"]] == ["Meadows play area",
                                                        "Benches on the river path"]
    assert [lo.proposal for lo in shortlist["left_out"]] == [published.proposals[3]]
