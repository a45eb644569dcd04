"""Writes. Each function is one transaction; every staff action goes to the audit log.

Each write re-reads the row it changes under a lock, checks it may proceed (`check_*`) and only
then changes it, so two moderators or a double-clicked button cannot interleave.
"""

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgeting import letters
from budgeting.audit import audit_record, snapshot
from budgeting.models import Envelope, Phase
from budgeting.permissions import check_moderator
from budgeting.proposals.locations import check_location_in_area, resolve_location
from budgeting.proposals.models import Proposal, Review

Status = Proposal.Status
REVIEW_FIELDS = ["status", "reviewed_cost", "public_reason"]
HIDE_FIELDS = ["hidden_at", "hidden_reason"]
EDITABLE_FIELDS = [
    "envelope", "title", "summary", "description", "estimated_cost", "category", "location",
    "shown_as", "latitude", "longitude", "postcode",
]


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update()
        .select_related("envelope__process")
        .get(pk=proposal.pk)
    )


def check_ideas_open(*, envelope: Envelope) -> None:
    if envelope.process.phase != Phase.IDEAS:
        raise ValidationError(
            _("%(process)s is not taking ideas just now: it is in its %(phase)s phase.")
            % {"process": envelope.process.title, "phase": envelope.process.get_phase_display()},
            code="phase_closed",
        )


def check_author_may_edit(*, proposal: Proposal, author: User) -> None:
    if proposal.author_id != author.pk:
        raise PermissionDenied(_("You can only change your own proposals."))
    if proposal.is_hidden:
        raise ValidationError(_("This proposal has been hidden by a moderator."), code="hidden")
    phase = proposal.process.phase
    if proposal.status == Status.SUBMITTED and phase == Phase.IDEAS:
        return
    if proposal.status == Status.NEEDS_INFORMATION and phase in (
            Phase.IDEAS, Phase.SUPPORTS, Phase.REVIEW):
        return
    raise ValidationError(
        _("This proposal can no longer be changed: review has started."), code="locked"
    )


@transaction.atomic
def proposal_submit(
    *,
    author: User,
    envelope: Envelope,
    title: str,
    summary: str,
    description: str,
    estimated_cost: Decimal,
    category: str,
    location: str = "",
    shown_as: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    postcode: str = "",
) -> Proposal:
    envelope = Envelope.objects.select_related("process").get(pk=envelope.pk)
    check_ideas_open(envelope=envelope)
    latitude, longitude, field = resolve_location(latitude=latitude, longitude=longitude,
                                                  postcode=postcode)
    check_location_in_area(envelope=envelope, latitude=latitude, longitude=longitude,
                           field=field)
    proposal = Proposal(
        author=author,
        envelope=envelope,
        title=title,
        summary=summary,
        description=description,
        estimated_cost=estimated_cost,
        category=category,
        location=location,
        shown_as=shown_as.strip(),
        latitude=latitude,
        longitude=longitude,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, author: User, **changes) -> Proposal:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    proposal = _locked(proposal)
    check_author_may_edit(proposal=proposal, author=author)
    placed_before = (proposal.envelope_id, proposal.latitude, proposal.longitude)
    envelope = changes.pop("envelope", None)
    if envelope is not None:
        if envelope.process_id != proposal.envelope.process_id:
            raise ValidationError({"envelope": _("Choose an envelope in this process.")})
        proposal.envelope = envelope
    if {"latitude", "longitude", "postcode"} & set(changes):
        # The place is given whole: a form that sends the place sends all of it.
        changes["latitude"], changes["longitude"], field = resolve_location(
            latitude=changes.get("latitude"), longitude=changes.get("longitude"),
            postcode=changes.pop("postcode", ""))
    else:
        field = "latitude"
    for name, value in changes.items():
        setattr(proposal, name, value)
    # Checked again when the place or the envelope changes; a proposal left where it was is
    # not refused because the directory was reloaded since.
    if (proposal.envelope_id, proposal.latitude, proposal.longitude) != placed_before:
        check_location_in_area(envelope=proposal.envelope, latitude=proposal.latitude,
                               longitude=proposal.longitude, field=field)
    if proposal.status == Status.NEEDS_INFORMATION:
        # The author has answered; it goes back to the moderators.
        proposal.status = Status.UNDER_REVIEW
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, author: User) -> Proposal:
    proposal = _locked(proposal)
    if proposal.author_id != author.pk:
        raise PermissionDenied(_("You can only withdraw your own proposals."))
    if proposal.status == Status.WITHDRAWN:
        raise ValidationError(_("This proposal has already been withdrawn."), code="withdrawn")
    if proposal.process.phase in (Phase.VOTING, Phase.RESULTS):
        raise ValidationError(
            _("Proposals cannot be withdrawn once voting has opened."), code="phase_closed"
        )
    proposal.status = Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    letters.send_after_commit(letters.to_followers(
        proposal, gettext_lazy("“%(title)s” (%(ref)s) has been withdrawn by its proposer.")),
        about="a withdrawn proposal")
    return proposal


@transaction.atomic
def proposal_start_review(*, proposal: Proposal, moderator: User) -> Proposal:
    proposal = _locked(proposal)
    check_moderator(user=moderator, process=proposal.process)
    if proposal.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted proposal can be taken into review; this one is %(status)s.")
            % {"status": proposal.get_status_display().lower()},
            code="status",
        )
    before = snapshot(proposal, REVIEW_FIELDS)
    proposal.status = Status.UNDER_REVIEW
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=moderator, process=proposal.process, action="proposal.review_started",
        target=proposal, before=before, after=snapshot(proposal, REVIEW_FIELDS),
    )
    return proposal


@transaction.atomic
def review_record(
    *,
    proposal: Proposal,
    reviewer: User,
    decision: str,
    public_reason: str,
    revised_cost: Decimal | None = None,
    private_note: str = "",
) -> Review:
    proposal = _locked(proposal)
    check_moderator(user=reviewer, process=proposal.process)
    if proposal.status == Status.WITHDRAWN:
        raise ValidationError(
            _("The author has withdrawn this proposal; it cannot be reviewed."), code="withdrawn"
        )
    review = Review(
        proposal=proposal,
        reviewer=reviewer,
        decision=decision,
        revised_cost=revised_cost,
        public_reason=public_reason,
        private_note=private_note,
    )
    review.full_clean()
    review.save()
    before = snapshot(proposal, REVIEW_FIELDS)
    proposal.status = decision
    if revised_cost is not None:
        proposal.reviewed_cost = revised_cost
    proposal.public_reason = public_reason
    proposal.save(update_fields=[*REVIEW_FIELDS, "updated_at"])
    audit_record(
        actor=reviewer, process=proposal.process, action="proposal.reviewed", target=proposal,
        before=before,
        after={**snapshot(proposal, REVIEW_FIELDS), "review": review.pk,
               "private_note": private_note},
    )
    letters.send_after_commit(letters.reviewed(review), about="a review")
    return review


@transaction.atomic
def proposal_hide(*, proposal: Proposal, moderator: User, reason: str) -> Proposal:
    proposal = _locked(proposal)
    check_moderator(user=moderator, process=proposal.process)
    if proposal.is_hidden:
        raise ValidationError(_("This proposal is already hidden."), code="hidden")
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why this proposal is being hidden.")})
    before = snapshot(proposal, HIDE_FIELDS)
    proposal.hidden_at = timezone.now()
    proposal.hidden_reason = reason.strip()
    proposal.save(update_fields=[*HIDE_FIELDS, "updated_at"])
    audit_record(
        actor=moderator, process=proposal.process, action="proposal.hidden", target=proposal,
        before=before, after=snapshot(proposal, HIDE_FIELDS),
    )
    return proposal


@transaction.atomic
def proposal_restore(*, proposal: Proposal, moderator: User, reason: str) -> Proposal:
    proposal = _locked(proposal)
    check_moderator(user=moderator, process=proposal.process)
    if not proposal.is_hidden:
        raise ValidationError(_("This proposal is not hidden."), code="not_hidden")
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why this proposal is being restored.")})
    before = snapshot(proposal, HIDE_FIELDS)
    proposal.hidden_at = None
    proposal.hidden_reason = ""
    proposal.save(update_fields=[*HIDE_FIELDS, "updated_at"])
    audit_record(
        actor=moderator, process=proposal.process, action="proposal.restored", target=proposal,
        before=before, after={**snapshot(proposal, HIDE_FIELDS), "reason": reason.strip()},
    )
    return proposal
