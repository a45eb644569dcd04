"""Writes for shortlisting. Each function is one transaction that locks the panel first, so
members acting at once cannot interleave; every step is written to the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting import letters
from budgeting.audit import audit_record
from budgeting.models import Envelope, Membership, Phase, Project
from budgeting.permissions import check_process_admin
from budgeting.proposals.models import Proposal
from budgeting.shortlisting.checks import (
    check_arrange,
    check_cost,
    check_facilitator,
    check_free,
    check_member,
    check_not_published,
    check_ready_to_publish,
    check_shortlisting_phase,
)
from budgeting.shortlisting.models import (
    DraftProject,
    LeftOut,
    OwnRank,
    Panel,
    PanelMember,
    PanelPair,
)
from budgeting.shortlisting.opera import suggest_pairs
from budgeting.shortlisting.selectors import (
    panel_proposals,
)

Status = Proposal.Status


def _locked(panel: Panel) -> Panel:
    return Panel.objects.select_for_update().select_related("envelope__process").get(pk=panel.pk)










def _clear_approvals(panel: Panel, actor: User) -> None:
    """Any change to the arrangement after an approval clears every approval."""
    approved = list(
        PanelMember.objects.filter(panel=panel, approved_at__isnull=False).values_list(
            "user__email", flat=True
        )
    )
    if approved:
        PanelMember.objects.filter(panel=panel).update(approved_at=None)
        audit_record(
            actor=actor, process=panel.envelope.process, action="shortlist.approvals_cleared",
            target=panel, before={"approved_by": ", ".join(approved)}, after={},
        )


# Setting up


@transaction.atomic
def panel_set_up(
    *, envelope: Envelope, admin: User, facilitator: User, memberships: Iterable[Membership]
) -> Panel:
    envelope = Envelope.objects.select_for_update().select_related("process").get(pk=envelope.pk)
    process = envelope.process
    check_process_admin(user=admin, process=process)
    if Panel.objects.filter(envelope=envelope).exists():
        raise ValidationError(
            _("%(envelope)s already has a shortlisting panel.") % {"envelope": envelope.name},
            code="exists",
        )
    if process.phase not in (Phase.REVIEW, Phase.SHORTLISTING):
        raise ValidationError(
            _("A panel can be set up during review or shortlisting only."), code="phase_closed"
        )
    memberships = list(memberships)
    partner_ids = set(process.partners.values_list("pk", flat=True))
    seats: dict[int, Membership] = {}
    for membership in memberships:
        if (membership.role != Membership.Role.PANEL_MEMBER
                or membership.partner_id not in partner_ids
                or membership.process_id != process.pk):
            raise ValidationError(
                {"members": _("Choose panel members from partners taking part in %(p)s.")
                 % {"p": process.title}}
            )
        seats.setdefault(membership.user_id, membership)
    if len({m.partner_id for m in seats.values()}) < 2:
        raise ValidationError(
            {"members": _("Choose members from at least two partners, so that no partner "
                          "shortlists alone.")}
        )
    if not Membership.objects.filter(user=facilitator, process=process,
                                     partner__in=partner_ids).exists():
        raise ValidationError(
            {"facilitator": _("Choose a facilitator who works for a partner in this process.")}
        )
    panel = Panel.objects.create(envelope=envelope, facilitator=facilitator)
    for membership in seats.values():
        PanelMember.objects.create(panel=panel, user=membership.user, partner=membership.partner)
    audit_record(
        actor=admin, process=process, action="shortlist.panel_set_up", target=panel,
        after={"facilitator": facilitator.email,
               "members": ", ".join(sorted(m.user.email for m in seats.values()))},
    )
    return panel


# Own


@transaction.atomic
def own_ranking_submit(
    *, panel: Panel, user: User, places: Mapping[int, int], notes: Mapping[int, str] | None = None
) -> PanelMember:
    """A member's own ranking: every proposal of the panel gets a different place, 1 = best."""
    panel = _locked(panel)
    seat = check_member(panel=panel, user=user)
    check_not_published(panel=panel)
    check_shortlisting_phase(panel=panel)
    if seat.submitted_at is not None:
        raise ValidationError(_("You have already submitted your own ranking."), code="twice")
    proposal_ids = list(panel_proposals(panel=panel).values_list("pk", flat=True))
    if not proposal_ids:
        raise ValidationError(_("There are no feasible proposals to rank."), code="empty")
    if set(places) != set(proposal_ids):
        raise ValidationError(_("Give every proposal a place."), code="incomplete")
    if sorted(places.values()) != list(range(1, len(proposal_ids) + 1)):
        raise ValidationError(
            _("Give each proposal a different place, from 1 to %(n)d.") % {"n": len(proposal_ids)},
            code="places",
        )
    notes = notes or {}
    OwnRank.objects.bulk_create(
        OwnRank(member=seat, proposal_id=pk, position=place, note=(notes.get(pk) or "").strip())
        for pk, place in places.items()
    )
    seat.submitted_at = timezone.now()
    seat.save(update_fields=["submitted_at"])
    audit_record(
        actor=user, process=panel.envelope.process, action="shortlist.own_submitted",
        target=seat, after={"places": {str(k): v for k, v in sorted(places.items())}},
    )
    return seat


# Pair


@transaction.atomic
def pairs_suggest(*, panel: Panel, user: User) -> list[PanelPair]:
    """Kist's suggested pairs, crossing partners (council with third sector where it can)."""
    panel = _locked(panel)
    check_facilitator(panel=panel, user=user)
    check_not_published(panel=panel)
    if PanelPair.objects.filter(panel=panel, agreed_at__isnull=False).exists():
        raise ValidationError(
            _("A pair has already agreed its picks; the pairs can no longer be changed."),
            code="agreed",
        )
    PanelPair.objects.filter(panel=panel).delete()
    seats = list(PanelMember.objects.filter(panel=panel).select_related("partner").order_by("id"))
    groups = suggest_pairs([(s.pk, s.partner_id, s.partner.kind) for s in seats])
    created = []
    for group in groups:
        pair = PanelPair.objects.create(panel=panel)
        pair.members.set(group)
        created.append(pair)
    audit_record(
        actor=user, process=panel.envelope.process, action="shortlist.pairs_suggested",
        target=panel, after={"pairs": [str(p) for p in created]},
    )
    return created


@transaction.atomic
def pair_agree(*, pair: PanelPair, user: User, picks: Iterable[Proposal], reason: str) -> PanelPair:
    panel = _locked(pair.panel)
    seat = check_member(panel=panel, user=user)
    check_not_published(panel=panel)
    check_shortlisting_phase(panel=panel)
    pair = PanelPair.objects.select_for_update().get(pk=pair.pk, panel=panel)
    if not pair.members.filter(pk=seat.pk).exists():
        raise PermissionDenied(_("You can only record the picks of your own pair or group."))
    if seat.submitted_at is None:
        raise ValidationError(
            _("Submit your own ranking before agreeing picks with your pair or group."),
            code="own_first",
        )
    picks = list(picks)
    allowed = set(panel_proposals(panel=panel).values_list("pk", flat=True))
    if not picks:
        raise ValidationError({"picks": _("Choose at least one proposal as your pair's pick.")})
    if any(p.pk not in allowed for p in picks):
        raise ValidationError({"picks": _("Choose from the proposals the panel is ranking.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why your pair picked these.")})
    before = {"picks": [p.pk for p in pair.picks.all()], "reason": pair.reason}
    pair.picks.set(picks)
    pair.reason = reason.strip()
    pair.agreed_by = seat
    pair.agreed_at = timezone.now()
    pair.save()
    audit_record(
        actor=user, process=panel.envelope.process, action="shortlist.pair_agreed", target=pair,
        before=before, after={"picks": sorted(p.pk for p in picks), "reason": pair.reason},
    )
    return pair


# Arrange








def _draft_after(draft: DraftProject) -> dict:
    return {"title": draft.title, "summary": draft.summary, "cost": str(draft.cost),
            "panel_reason": draft.panel_reason,
            "proposals": sorted(p.pk for p in draft.proposals.all())}


@transaction.atomic
def draft_create(
    *, panel: Panel, user: User, title: str, summary: str, cost: Decimal, panel_reason: str,
    proposals: Iterable[Proposal],
) -> DraftProject:
    """Group one or more proposals into one ballot project with its own title and cost."""
    panel = _locked(panel)
    check_arrange(panel, user)
    proposals = list(proposals)
    if not proposals:
        raise ValidationError({"proposals": _("Choose at least one proposal for the project.")})
    check_free(panel, proposals)
    check_cost(panel, cost)
    draft = DraftProject(panel=panel, title=title.strip(), summary=summary.strip(), cost=cost,
                         panel_reason=panel_reason.strip())
    draft.full_clean()
    draft.save()
    draft.proposals.set(proposals)
    _clear_approvals(panel, user)
    audit_record(actor=user, process=panel.envelope.process, action="shortlist.project_arranged",
                 target=draft, after=_draft_after(draft))
    return draft


@transaction.atomic
def draft_carry_over(*, panel: Panel, user: User, proposal: Proposal) -> DraftProject:
    """Carry one proposal to the ballot on its own, with its title, summary and cost."""
    panel = _locked(panel)
    check_arrange(panel, user)
    check_free(panel, [proposal])
    check_cost(panel, proposal.cost)
    draft = DraftProject.objects.create(
        panel=panel, title=proposal.title[:160], summary=proposal.summary[:400],
        cost=proposal.cost,
        panel_reason=_("The panel carried this idea over to the ballot as it was proposed."),
    )
    draft.proposals.set([proposal])
    _clear_approvals(panel, user)
    audit_record(actor=user, process=panel.envelope.process,
                 action="shortlist.proposal_carried_over", target=draft, after=_draft_after(draft))
    return draft


@transaction.atomic
def draft_remove(*, draft: DraftProject, user: User) -> None:
    panel = _locked(draft.panel)
    check_arrange(panel, user)
    draft = DraftProject.objects.get(pk=draft.pk, panel=panel)
    before = _draft_after(draft)
    audit_record(actor=user, process=panel.envelope.process, action="shortlist.project_removed",
                 target=draft, before=before)
    draft.delete()
    _clear_approvals(panel, user)


@transaction.atomic
def proposal_leave_out(*, panel: Panel, user: User, proposal: Proposal, reason: str) -> LeftOut:
    panel = _locked(panel)
    check_arrange(panel, user)
    check_free(panel, [proposal])
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the reason the public will see.")})
    left = LeftOut.objects.create(panel=panel, proposal=proposal, reason=reason.strip())
    _clear_approvals(panel, user)
    audit_record(actor=user, process=panel.envelope.process, action="shortlist.proposal_left_out",
                 target=proposal, after={"reason": left.reason})
    return left


@transaction.atomic
def proposal_put_back(*, panel: Panel, user: User, proposal: Proposal) -> None:
    panel = _locked(panel)
    check_arrange(panel, user)
    left = LeftOut.objects.filter(panel=panel, proposal=proposal).first()
    if left is None:
        raise ValidationError(_("This proposal was not left out."), code="not_left_out")
    audit_record(actor=user, process=panel.envelope.process, action="shortlist.proposal_put_back",
                 target=proposal, before={"reason": left.reason})
    left.delete()
    _clear_approvals(panel, user)


# Sign-off as equals


@transaction.atomic
def shortlist_approve(*, panel: Panel, user: User) -> PanelMember:
    panel = _locked(panel)
    seat = check_member(panel=panel, user=user)
    check_not_published(panel=panel)
    if seat.approved_at is not None:
        raise ValidationError(
            _("You have already approved this shortlist. Your approval stands until it changes."),
            code="twice",
        )
    if not DraftProject.objects.filter(panel=panel).exists():
        raise ValidationError(_("There is nothing to approve yet: no projects are arranged."),
                              code="empty")
    seat.approved_at = timezone.now()
    seat.save(update_fields=["approved_at"])
    audit_record(actor=user, process=panel.envelope.process, action="shortlist.approved",
                 target=panel, after={"member": user.email, "partner": seat.partner.name})
    return seat




@transaction.atomic
def shortlist_publish(*, panel: Panel, user: User) -> list[Project]:
    """Publish: the projects go on the ballot; proposers are told once it has committed."""
    panel = _locked(panel)
    check_facilitator(panel=panel, user=user)
    check_not_published(panel=panel)
    check_ready_to_publish(panel=panel)
    envelope = panel.envelope
    projects = []
    told = []
    position = Project.objects.filter(envelope=envelope).count()
    for draft in DraftProject.objects.filter(panel=panel).prefetch_related("proposals"):
        position += 1
        project = Project.objects.create(
            envelope=envelope, title=draft.title, summary=draft.summary, cost=draft.cost,
            panel_reason=draft.panel_reason, position=position,
        )
        sources = list(draft.proposals.all())
        project.proposals.set(sources)
        draft.project = project
        draft.save(update_fields=["project"])
        projects.append(project)
        for proposal in sources:
            proposal.status = Status.SHORTLISTED
            proposal.save(update_fields=["status", "updated_at"])
            told += letters.shortlisted(proposal, project, joined=len(sources) > 1)
    for left in LeftOut.objects.filter(panel=panel).select_related("proposal__author"):
        left.proposal.status = Status.NOT_SHORTLISTED
        left.proposal.save(update_fields=["status", "updated_at"])
        told += letters.left_out(left)
    panel.published_at = timezone.now()
    panel.save(update_fields=["published_at"])
    audit_record(
        actor=user, process=envelope.process, action="shortlist.published", target=panel,
        after={"projects": [f"{p.pk}: {p.title} ({p.cost})" for p in projects],
               "left_out": [lo.proposal_id for lo in LeftOut.objects.filter(panel=panel)]},
    )
    letters.send_after_commit(told, about="the shortlist")
    return projects

