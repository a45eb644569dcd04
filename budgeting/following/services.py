"""Following a proposal, asking for vote reminders, and stopping either in one click."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgeting.following import unsubscribe
from budgeting.following.models import Follow, ReminderRequest
from budgeting.models import Phase, Process
from budgeting.proposals.models import Proposal


def check_followable(*, proposal: Proposal) -> None:
    if proposal.is_hidden or proposal.process.is_draft:
        raise ValidationError(_("This proposal is not public, so it cannot be followed."),
                              code="hidden")


@transaction.atomic
def follow(*, user: User, proposal: Proposal) -> None:
    check_followable(proposal=proposal)
    if proposal.author_id == user.pk:
        Proposal.objects.filter(pk=proposal.pk).update(author_follows=True)
    else:
        Follow.objects.get_or_create(user=user, proposal=proposal)


@transaction.atomic
def unfollow(*, user: User, proposal: Proposal) -> None:
    if proposal.author_id == user.pk:
        Proposal.objects.filter(pk=proposal.pk).update(author_follows=False)
    Follow.objects.filter(user=user, proposal=proposal).delete()


def check_reminders_offered(*, process: Process) -> None:
    if process.is_draft or not process.vote_reminders:
        raise ValidationError(_("%(process)s does not send vote reminders.")
                              % {"process": process.title}, code="no_reminders")
    if process.phase == Phase.RESULTS:
        raise ValidationError(_("Voting in %(process)s has closed.")
                              % {"process": process.title}, code="closed")


def reminders_offered(*, process: Process) -> bool:
    try:
        check_reminders_offered(process=process)
    except ValidationError:
        return False
    return True


@transaction.atomic
def reminders_ask(*, user: User, process: Process) -> None:
    check_reminders_offered(process=process)
    ReminderRequest.objects.get_or_create(user=user, process=process)


def reminders_stop(*, user: User, process: Process) -> None:
    ReminderRequest.objects.filter(user=user, process=process).delete()


def unsubscribe_with(*, token: str) -> str:
    """Stop what the link names; what was stopped, to say so. A link that is not Kist's own is
    refused; one already used does nothing more."""
    subscription = unsubscribe.read(token)
    user = subscription and User.objects.filter(pk=subscription.user_id).first()
    if user is None:
        raise ValidationError(_("This link is not one of ours, or it has been cut short. "
                                "Copy the whole link from the email."), code="bad_link")
    if subscription.what == "follow":
        proposal = Proposal.objects.filter(pk=subscription.pk).first()
        if proposal is None:
            raise ValidationError(_("That idea is no longer here."), code="gone")
        unfollow(user=user, proposal=proposal)
        return _("You will get no more emails about “%(title)s”.") % {"title": proposal.title}
    process = Process.objects.filter(pk=subscription.pk).first()
    if process is None:
        raise ValidationError(_("That round is no longer here."), code="gone")
    reminders_stop(user=user, process=process)
    return _("You will get no more vote reminders for %(process)s.") % {
        "process": process.title}
