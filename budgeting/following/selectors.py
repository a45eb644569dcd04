"""Reads for following."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from budgeting.following.models import Follow, ReminderRequest
from budgeting.models import Process
from budgeting.proposals.models import Proposal


def is_following(*, user: User | AnonymousUser, proposal: Proposal) -> bool:
    if not user.is_authenticated:
        return False
    if proposal.author_id == user.pk:
        return proposal.author_follows
    return Follow.objects.filter(user=user, proposal=proposal).exists()


def followers(*, proposal: Proposal, but: int | None = None) -> QuerySet[User]:
    """Those who follow `proposal` other than its proposer (whose letters are their own),
    with an address to write to; `but` leaves out one more (whoever caused the news)."""
    users = (User.objects.filter(follows__proposal=proposal, is_active=True)
             .exclude(email="").exclude(pk=proposal.author_id))
    return users.exclude(pk=but) if but else users


def wants_reminders(*, user: User | AnonymousUser, process: Process) -> bool:
    return user.is_authenticated and ReminderRequest.objects.filter(
        user=user, process=process).exists()


def reminder_recipients(*, process: Process, voted_excluded: bool) -> QuerySet[User]:
    users = User.objects.filter(reminder_requests__process=process,
                                is_active=True).exclude(email="")
    if voted_excluded:
        users = users.exclude(participations__envelope__process=process)
    return users.distinct()


def followed_by(*, user: User) -> list[Proposal]:
    """The public ideas this person hears about: their own (unless they stopped) and those they
    follow, newest first."""
    own = Proposal.objects.public().filter(author=user, author_follows=True)
    followed = Proposal.objects.public().filter(follows__user=user)
    return list((own | followed).distinct().select_related("envelope__process")
                .order_by("-created_at", "-id"))


def reminders_of(*, user: User) -> QuerySet[Process]:
    """The rounds that will remind this person to vote, soonest first."""
    return Process.objects.filter(reminder_requests__user=user, vote_reminders=True,
                                  published_at__isnull=False).order_by("voting_start", "id")
