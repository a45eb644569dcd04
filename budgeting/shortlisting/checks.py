"""What shortlisting checks before it writes: who may act, in which phase, on what.

Each raises PermissionDenied or ValidationError with a message a panel member can act on. The
services call them under the panel's row lock."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from budgeting.models import Phase
from budgeting.money import format_money
from budgeting.proposals.models import Proposal
from budgeting.shortlisting.models import (
    DraftProject,
    LeftOut,
    Panel,
    PanelMember,
)
from budgeting.shortlisting.selectors import (
    check_on_panel,
    panel_proposals,
    sign_off_state,
)


def check_not_published(*, panel: Panel) -> None:
    if panel.is_published:
        raise ValidationError(
            _("The shortlist for %(envelope)s has been published; it can no longer be changed.")
            % {"envelope": panel.envelope.name},
            code="published",
        )


def check_shortlisting_phase(*, panel: Panel) -> None:
    process = panel.envelope.process
    if process.phase != Phase.SHORTLISTING:
        raise ValidationError(
            _("%(process)s is not in its shortlisting phase: it is in its %(phase)s phase.")
            % {"process": process.title, "phase": process.get_phase_display()},
            code="phase_closed",
        )


def check_member(*, panel: Panel, user: User) -> PanelMember:
    seat = check_on_panel(panel=panel, user=user)
    if seat is None:
        raise PermissionDenied(
            _("Only members of the shortlisting panel for %(envelope)s can do this.")
            % {"envelope": panel.envelope.name}
        )
    return seat


def check_facilitator(*, panel: Panel, user: User) -> None:
    if panel.facilitator_id != user.pk:
        raise PermissionDenied(
            _("Only the facilitator of the shortlisting panel for %(envelope)s can do this.")
            % {"envelope": panel.envelope.name}
        )


def check_arrange(panel: Panel, user: User) -> None:
    check_facilitator(panel=panel, user=user)
    check_not_published(panel=panel)


def check_free(panel: Panel, proposals: list[Proposal], *, ignore: DraftProject | None = None):
    allowed = set(panel_proposals(panel=panel).values_list("pk", flat=True))
    for proposal in proposals:
        if proposal.pk not in allowed:
            raise ValidationError(
                {"proposals": _("“%(t)s” is not one of this panel's proposals.")
                 % {"t": proposal.title}}
            )
        taken = DraftProject.objects.filter(panel=panel, proposals=proposal)
        if ignore is not None:
            taken = taken.exclude(pk=ignore.pk)
        other = taken.first()
        if other is not None:
            raise ValidationError(
                {"proposals": _("“%(t)s” is already in the project “%(p)s”; a proposal can be "
                                "in one project only.") % {"t": proposal.title, "p": other.title}}
            )
        if LeftOut.objects.filter(proposal=proposal).exists():
            raise ValidationError(
                {"proposals": _("“%(t)s” has been left out of the ballot; put it back first.")
                 % {"t": proposal.title}}
            )


def check_cost(panel: Panel, cost: Decimal) -> None:
    if cost > panel.envelope.amount:
        raise ValidationError(
            {"cost": _("A project cannot cost more than the whole envelope (%(amount)s).")
             % {"amount": format_money(panel.envelope.amount, panel.envelope.process.currency,
                                       pence=True)}}
        )


def check_ready_to_publish(*, panel: Panel) -> None:
    missing = [e["partner"].name for e in sign_off_state(panel=panel) if not e["approved_by"]]
    if missing:
        raise ValidationError(
            _("The shortlist needs the approval of at least one member of every partner on the "
              "panel. Still to approve: %(partners)s.") % {"partners": ", ".join(missing)},
            code="not_approved",
        )
    drafts = DraftProject.objects.filter(panel=panel)
    if not drafts.exists():
        raise ValidationError(_("Arrange at least one project first."), code="empty")
    decided = set(drafts.values_list("proposals", flat=True)) | set(
        LeftOut.objects.filter(panel=panel).values_list("proposal_id", flat=True)
    )
    undecided = panel_proposals(panel=panel).exclude(pk__in=decided)
    if undecided.exists():
        raise ValidationError(
            _("Every proposal must be in a project or left out with a reason. Still to "
              "arrange: %(titles)s.") % {"titles": ", ".join(p.title for p in undecided)},
            code="undecided",
        )
    if any(d.cost > panel.envelope.amount for d in drafts):
        raise ValidationError(_("A project costs more than the envelope."), code="over")
