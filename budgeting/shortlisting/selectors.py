"""Reads for shortlisting: who may see what, the panel's proposals, the Borda ranking."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from budgeting.comments.selectors import with_comment_counts
from budgeting.models import Envelope, Project
from budgeting.proposals.models import Proposal
from budgeting.shortlisting.models import (
    DraftProject,
    LeftOut,
    OwnRank,
    Panel,
    PanelMember,
    PanelPair,
)
from budgeting.shortlisting.opera import RankRow, borda
from budgeting.supports.selectors import with_support_counts

Status = Proposal.Status
PANEL_STATUSES = (Status.FEASIBLE, Status.SHORTLISTED, Status.NOT_SHORTLISTED)


def panel_for(*, envelope: Envelope) -> Panel | None:
    return Panel.objects.filter(envelope=envelope).select_related(
        "envelope__process", "facilitator"
    ).first()


def panel_proposals(*, panel: Panel) -> QuerySet[Proposal]:
    """The proposals the panel works on: feasible ones (later shortlisted or not), not hidden,
    each with its comment and support counts."""
    return with_support_counts(with_comment_counts(Proposal.objects.public().filter(
        envelope_id=panel.envelope_id, status__in=PANEL_STATUSES
    ).select_related("author", "envelope__process"))).order_by("id")



def seat_or_none(*, panel: Panel, user: User | AnonymousUser) -> PanelMember | None:
    if not user.is_authenticated:
        return None
    return PanelMember.objects.filter(panel=panel, user=user).select_related("partner").first()


def is_facilitator(*, panel: Panel, user: User | AnonymousUser) -> bool:
    return user.is_authenticated and panel.facilitator_id == user.pk


def check_on_panel(*, panel: Panel, user: User | AnonymousUser) -> PanelMember | None:
    """The user's seat (None for a facilitator who is not a member); refuses anyone else."""
    seat = seat_or_none(panel=panel, user=user)
    if seat is None and not is_facilitator(panel=panel, user=user):
        raise PermissionDenied(
            _("Only members and the facilitator of the shortlisting panel for %(envelope)s "
              "can do this.") % {"envelope": panel.envelope.name}
        )
    return seat


def check_may_see_views(*, panel: Panel, user: User | AnonymousUser) -> PanelMember | None:
    """Members see others' views only once they have handed in their own (Own, then the rest)."""
    seat = check_on_panel(panel=panel, user=user)
    if seat is not None and seat.submitted_at is None and not panel.is_published:
        raise PermissionDenied(
            _("Submit your own ranking first: other members' views stay hidden until you have.")
        )
    return seat


def members(*, panel: Panel) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(panel=panel).select_related("user", "partner")


def own_ranking(*, seat: PanelMember) -> QuerySet[OwnRank]:
    return OwnRank.objects.filter(member=seat).select_related("proposal")


def pairs(*, panel: Panel) -> QuerySet[PanelPair]:
    return PanelPair.objects.filter(panel=panel).prefetch_related(
        Prefetch("members", queryset=PanelMember.objects.select_related("user", "partner")),
        Prefetch("picks", queryset=with_support_counts(with_comment_counts(
            Proposal.objects.select_related("envelope__process").order_by("id")))),
    ).select_related("agreed_by__user")


def pair_of(*, panel: Panel, seat: PanelMember | None) -> PanelPair | None:
    if seat is None:
        return None
    return pairs(panel=panel).filter(members=seat).first()


@dataclass
class RankedProposal:
    proposal: Proposal
    row: RankRow
    notes: list[tuple[PanelMember, str]]


def panel_ranking(*, panel: Panel) -> tuple[list[PanelMember], list[RankedProposal]]:
    """Borda count over the submitted members' own rankings, best first, with each member's
    place for each proposal and the spread between them. A proposal a member did not rank
    (it became feasible after they submitted) counts as their last place."""
    proposals = list(panel_proposals(panel=panel))
    submitted = list(members(panel=panel).filter(submitted_at__isnull=False))
    n = len(proposals)
    places: dict[int, dict[int, int]] = {m.pk: {} for m in submitted}
    notes: dict[int, list[tuple[PanelMember, str]]] = {p.pk: [] for p in proposals}
    by_pk = {m.pk: m for m in submitted}
    for rank in OwnRank.objects.filter(member__in=submitted):
        places[rank.member_id][rank.proposal_id] = rank.position
        if rank.note and rank.proposal_id in notes:
            notes[rank.proposal_id].append((by_pk[rank.member_id], rank.note))
    keys = [p.pk for p in proposals]
    rankings = [{k: min(places[m.pk].get(k, n), n) for k in keys} for m in submitted]
    rows = borda(rankings, keys)
    by_key = {p.pk: p for p in proposals}
    return submitted, [RankedProposal(by_key[r.key], r, notes[r.key]) for r in rows]


def drafts(*, panel: Panel) -> QuerySet[DraftProject]:
    return DraftProject.objects.filter(panel=panel).prefetch_related(
        Prefetch("proposals", queryset=Proposal.objects.order_by("id"))
    )


def arrangement(*, panel: Panel) -> dict:
    """Where each proposal stands in Arrange, and the running total against the envelope."""
    draft_list = list(drafts(panel=panel))
    left = {lo.proposal_id: lo for lo in LeftOut.objects.filter(panel=panel)}
    placed = {p.pk for d in draft_list for p in d.proposals.all()}
    proposals = list(panel_proposals(panel=panel))
    total = sum((d.cost for d in draft_list), Decimal("0"))
    return {
        "drafts": draft_list,
        "undecided": [p for p in proposals if p.pk not in placed and p.pk not in left],
        "left_out": [(p, left[p.pk]) for p in proposals if p.pk in left],
        "total": total,
        "remaining": panel.envelope.amount - total,
        "over": total > panel.envelope.amount,
    }


def sign_off_state(*, panel: Panel) -> list[dict]:
    """Each partner on the panel and whether one of its members has approved."""
    partners: dict[int, dict] = {}
    for seat in members(panel=panel):
        entry = partners.setdefault(
            seat.partner_id, {"partner": seat.partner, "approved_by": [], "members": []}
        )
        entry["members"].append(seat)
        if seat.approved_at is not None:
            entry["approved_by"].append(seat)
    return sorted(partners.values(), key=lambda e: e["partner"].name)


def published_shortlist(*, envelope: Envelope) -> dict | None:
    panel = panel_for(envelope=envelope)
    if panel is None or not panel.is_published:
        return None
    projects = Project.objects.filter(envelope=envelope, draft__panel=panel).prefetch_related(
        Prefetch("proposals", queryset=Proposal.objects.order_by("id"))
    )
    left_out = LeftOut.objects.filter(panel=panel).select_related("proposal").order_by(
        "proposal_id"
    )
    return {"panel": panel, "projects": projects, "left_out": left_out}
