"""Writes for comments. Each is one transaction that re-reads what it changes under a lock and
checks it may go ahead (`check_*`) before it writes; moderators' actions go to the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgeting import letters
from budgeting.audit import audit_record, snapshot
from budgeting.comments.models import MAX_LENGTH, Comment, CommentFlag, kind_of
from budgeting.models import Membership, Partner, Phase, Process, Project
from budgeting.permissions import check_moderator
from budgeting.proposals.models import Proposal

# How long an author may still put right what they wrote.
EDIT_MINUTES = 15
HIDE_FIELDS = ["hidden_at", "hidden_reason"]
# When each kind of thing is talked about; a process admin may close any of these phases.
PHASES_FOR = {
    "proposal": (Phase.IDEAS, Phase.SUPPORTS, Phase.REVIEW, Phase.SHORTLISTING),
    "project": (Phase.VOTING,),
}

Target = Proposal | Project


def _phase_open(*, target: Target) -> bool:
    process = target.envelope.process
    phase = process.phase
    return phase in PHASES_FOR[kind_of(target)] and phase in (process.comment_phases or [])


def check_public(*, target: Target) -> None:
    if target.envelope.process.is_draft or (isinstance(target, Proposal) and target.is_hidden):
        raise ValidationError(_("This is not public, so it cannot be commented on."),
                              code="hidden")


def check_open(*, target: Target) -> None:
    check_public(target=target)
    if isinstance(target, Proposal):
        if target.status == Proposal.Status.WITHDRAWN:
            raise ValidationError(_("This proposal has been withdrawn, so comments are closed."),
                                  code="withdrawn")
    if not _phase_open(target=target):
        process = target.envelope.process
        raise ValidationError(
            _("Comments are closed just now: %(process)s is in its %(phase)s phase.")
            % {"process": process.title, "phase": process.get_phase_display()},
            code="closed")


def is_open(*, target: Target) -> bool:
    """Whether comments may be posted on `target` now (check_open says why not)."""
    try:
        check_open(target=target)
    except ValidationError:
        return False
    return True


def check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"text": _("A comment must be %(n)s characters or fewer.")
                               % {"n": f"{MAX_LENGTH:,}"}})
    return text


def staff_partner(*, user: User | AnonymousUser, process: Process) -> Partner | None:
    """The partner a member of the round's staff speaks for (the first, if several)."""
    if not user.is_authenticated:
        return None
    membership = (Membership.objects.filter(user=user, process=process,
                                            partner__processes=process)
                  .select_related("partner").order_by("partner__name").first())
    return membership.partner if membership else None


def _locked_target(target: Target) -> Target:
    model = type(target)
    return model.objects.select_for_update().select_related("envelope__process").get(
        pk=target.pk)


@transaction.atomic
def comment_post(*, author: User, target: Target, text: str, parent: Comment | None = None,
                 shown_as: str = "") -> Comment:
    # The target's row lock orders a comment against a moderator hiding the proposal.
    target = _locked_target(target)
    check_open(target=target)
    text = check_text(text)
    if parent is not None:
        parent = Comment.objects.select_for_update().get(pk=parent.pk)
        if parent.target != target:
            raise ValidationError(_("That comment is about something else."), code="parent")
        if parent.parent_id is not None:
            # Replies are one level deep: answering a reply joins its conversation.
            parent = Comment.objects.get(pk=parent.parent_id)
        if parent.is_hidden:
            raise ValidationError(_("That comment has been hidden, so it cannot be answered."),
                                  code="hidden")
    process = target.envelope.process
    shown_as = shown_as.strip()[:80]
    if shown_as and process.partners.filter(name__iexact=shown_as).exists():
        # Only staff speak for a partner, and their comments say so themselves.
        raise ValidationError({"shown_as": _("That is the name of one of the round's partners: "
                                             "choose another, or leave it empty.")})
    comment = Comment(author=author, parent=parent, text=text, shown_as=shown_as,
                      partner=staff_partner(user=author, process=process),
                      **{kind_of(target): target})
    comment.full_clean()
    comment.save()
    if comment.partner_id and comment.proposal_id:
        letters.send_after_commit(letters.staff_replied(comment), about="a staff answer")
    return comment


def check_may_edit(*, comment: Comment, author: User | AnonymousUser) -> None:
    if not author.is_authenticated or comment.author_id != author.pk:
        raise PermissionDenied(_("You can only change your own comments."))
    if comment.is_hidden:
        raise ValidationError(_("This comment has been hidden by a moderator."), code="hidden")
    if timezone.now() - comment.created_at > timedelta(minutes=EDIT_MINUTES):
        raise ValidationError(
            ngettext("A comment can be changed for %(n)s minute after it is posted; that time "
                     "is up.",
                     "A comment can be changed for %(n)s minutes after it is posted; that time "
                     "is up.", EDIT_MINUTES) % {"n": EDIT_MINUTES}, code="too_late")
    check_open(target=comment.target)


@transaction.atomic
def comment_edit(*, comment: Comment, author: User, text: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    check_may_edit(comment=comment, author=author)
    comment.text = check_text(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    return comment


@transaction.atomic
def comment_flag(*, comment: Comment, user: User) -> CommentFlag:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    check_public(target=comment.target)
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot report your own comment."), code="own")
    if comment.is_hidden:
        raise ValidationError(_("This comment is already hidden."), code="hidden")
    try:
        with transaction.atomic():
            return CommentFlag.objects.create(comment=comment, user=user)
    except IntegrityError:
        raise ValidationError(_("You have already reported this comment. A moderator will "
                                "look at it."), code="flagged") from None


def _process_of(comment: Comment) -> Process:
    return comment.target.envelope.process


@transaction.atomic
def comment_hide(*, comment: Comment, moderator: User, reason: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    process = _process_of(comment)
    check_moderator(user=moderator, process=process)
    if comment.is_hidden:
        raise ValidationError(_("This comment is already hidden."), code="hidden")
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why this comment is being hidden.")})
    before = snapshot(comment, HIDE_FIELDS)
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason.strip()
    comment.save(update_fields=HIDE_FIELDS)
    audit_record(actor=moderator, process=process, action="comment.hidden", target=comment,
                 before=before, after={**snapshot(comment, HIDE_FIELDS),
                                       "flags": comment.flags.count()})
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, moderator: User, reason: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    process = _process_of(comment)
    check_moderator(user=moderator, process=process)
    if not comment.is_hidden:
        raise ValidationError(_("This comment is not hidden."), code="not_hidden")
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why this comment is being made public again.")})
    before = snapshot(comment, HIDE_FIELDS)
    comment.hidden_at = None
    comment.hidden_reason = ""
    comment.save(update_fields=HIDE_FIELDS)
    # Flags raised before are answered: a new report starts afresh.
    comment.flags.all().delete()
    audit_record(actor=moderator, process=process, action="comment.restored", target=comment,
                 before=before, after={**snapshot(comment, HIDE_FIELDS),
                                       "reason": reason.strip()})
    return comment
