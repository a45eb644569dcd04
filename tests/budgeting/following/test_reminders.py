"""Vote reminders: once when voting opens, once in its last days, to those who asked and (the
second time) have not voted; never twice, whichever worker looks."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from budgeting.following.models import ReminderRequest, ReminderSent
from budgeting.following.reminders import CLOSING_DAYS, due, reminders_sweep
from budgeting.following.services import reminders_ask
from budgeting.models import Process
from tests.conftest import set_phase
from voting.models import Participation


@pytest.fixture
def asked(process, resident, other_resident):
    for user in (resident, other_resident):
        reminders_ask(user=user, process=process)
    return process


def test_it_says_which_reminder_is_due(process):
    set_phase(process, "voting")
    start, end = process.voting_start, process.voting_end
    assert due(process=process, today=start - timedelta(days=1)) is None
    assert due(process=process, today=start) == "opens"
    assert due(process=process, today=end - timedelta(days=CLOSING_DAYS)) == "closing"
    assert due(process=process, today=end) == "closing"
    assert due(process=process, today=end + timedelta(days=1)) is None


def test_each_reminder_goes_once(asked, django_capture_on_commit_callbacks):
    set_phase(asked, "voting")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep() == 2
        assert reminders_sweep() == 0
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == f"Voting is open in {asked.title}"
    assert "/p/riverside/vote/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert ReminderSent.objects.get().recipients == 2


def test_the_closing_reminder_skips_those_who_have_voted(asked, resident, envelope,
                                                         django_capture_on_commit_callbacks):
    set_phase(asked, "voting")
    Participation.objects.create(envelope=envelope, user=resident, channel="online",
                                 person="p-1", voted_on=timezone.localdate())
    last_day = asked.voting_end
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(today=last_day)
    [reminder] = mail.outbox
    assert reminder.to == ["tom@example.com"]
    assert reminder.subject == f"Last days to vote in {asked.title}"
    # The opening reminder is not sent late once the closing one is due.
    assert list(ReminderSent.objects.values_list("kind", flat=True)) == ["closing"]


def test_a_round_that_sends_no_reminders_sends_none(asked, django_capture_on_commit_callbacks):
    Process.objects.filter(pk=asked.pk).update(vote_reminders=False)
    set_phase(asked, "voting")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep() == 0
    assert mail.outbox == []


def test_reminders_cannot_be_asked_for_once_voting_has_closed(process, resident):
    set_phase(process, "results")
    with pytest.raises(ValidationError):
        reminders_ask(user=resident, process=process)


def test_the_round_page_takes_and_stops_a_reminder_request(client, process, resident):
    client.force_login(resident)
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Remind me to vote" in page
    client.post(reverse("process_reminders", args=[process.slug]))
    assert ReminderRequest.objects.filter(user=resident).exists()
    assert "Stop reminders" in client.get(process.get_absolute_url()).content.decode()
    client.post(reverse("process_reminders", args=[process.slug]), {"action": "stop"})
    assert not ReminderRequest.objects.exists()


def test_the_reminder_stop_link_works(asked, resident, django_capture_on_commit_callbacks,
                                      client, settings):
    settings.SITE_URL = "http://testserver"
    set_phase(asked, "voting")
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(today=timezone.localdate())
    reminder = next(m for m in mail.outbox if m.to == [resident.email])
    link = reminder.extra_headers["List-Unsubscribe"].strip("<>").removeprefix(
        "http://testserver")
    assert client.post(link).status_code == 200
    assert not ReminderRequest.objects.filter(user=resident).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="races need PostgreSQL (set DATABASE_URL=postgres://...)")
def test_workers_sweeping_at_once_send_each_reminder_once(mailoutbox):
    from tests.conftest import make_process, make_user
    from tests.races import race

    process = make_process(phase="voting")
    for i in range(3):
        reminders_ask(user=make_user(f"voter{i}@example.com"), process=process)
    outcomes = race(lambda i: reminders_sweep(), n=6)
    assert sorted(outcomes) == [0, 0, 0, 0, 0, 3], outcomes
    assert ReminderSent.objects.get().recipients == 3
    assert len(mail.outbox) == 3

