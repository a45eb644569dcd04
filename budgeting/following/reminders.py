"""Vote reminders go out from the worker: once when voting opens, once in its last days.

The sweep runs often (every worker looks); each reminder is claimed by writing its
ReminderSent row, which a unique constraint lets only one worker write, before any email is
queued. A worker that was down when voting opened sends the opening reminder late, but never
once the closing one is due: nobody needs both on the same day.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from budgeting import letters
from budgeting.following import selectors
from budgeting.following.models import ReminderSent
from budgeting.models import Process

# The closing reminder goes out this many days before the last day of voting (or on it).
CLOSING_DAYS = 2
REMIND_EVERY_SECONDS = 15 * 60


def due(*, process: Process, today: date) -> str | None:
    """Which reminder the round owes today, if any (before the sent ones are looked at)."""
    if not (process.voting_start <= today <= process.voting_end):
        return None
    if today >= process.voting_end - timedelta(days=CLOSING_DAYS):
        return ReminderSent.Kind.CLOSING
    return ReminderSent.Kind.OPENS


def reminders_sweep(*, today: date | None = None) -> int:
    """Send what each round in its voting days owes; how many emails were queued."""
    today = today or timezone.localdate()
    queued = 0
    rounds = Process.objects.filter(published_at__isnull=False, vote_reminders=True,
                                    voting_start__lte=today, voting_end__gte=today)
    for process in rounds:
        kind = due(process=process, today=today)
        if kind is not None:
            queued += _send(process=process, kind=kind)
    return queued


@transaction.atomic
def _send(*, process: Process, kind: str) -> int:
    try:
        with transaction.atomic():
            sent = ReminderSent.objects.create(process=process, kind=kind)
    except IntegrityError:
        return 0  # sent already, by this worker earlier or by another
    closing = kind == ReminderSent.Kind.CLOSING
    # Someone who has voted online needs no reminder to vote.
    users = selectors.reminder_recipients(process=process, voted_excluded=closing)
    batch = [letters.vote_reminder(user, process, closing=closing) for user in users]
    sent.recipients = len(batch)
    sent.save(update_fields=["recipients"])
    return letters.send_after_commit(batch, about=f"a vote reminder ({kind})")
