"""A resident's page of what they are emailed about, each with its stop button."""

from django.urls import reverse

from budgeting.following.models import Follow, ReminderRequest
from budgeting.following.services import follow, reminders_ask
from tests.conftest import make_proposal


def test_it_lists_own_and_followed_ideas_and_reminders_and_stops_each(
        client, resident, other_resident, proposal, envelope, process):
    theirs = make_proposal(envelope=envelope, author=other_resident, title="A mural")
    follow(user=resident, proposal=theirs)
    reminders_ask(user=resident, process=process)
    client.force_login(resident)
    page = client.get(reverse("my_emails"))
    assert [p.title for p in page.context["proposals"]] == ["A mural", proposal.title]
    assert list(page.context["rounds"]) == [process]

    client.post(reverse("my_emails"), {"proposal": theirs.pk})
    client.post(reverse("my_emails"), {"proposal": proposal.pk})
    client.post(reverse("my_emails"), {"process": process.pk})
    proposal.refresh_from_db()
    assert not Follow.objects.exists() and not proposal.author_follows
    assert not ReminderRequest.objects.exists()
    page = client.get(reverse("my_emails")).content.decode()
    assert "You follow no ideas." in page and "You have asked for no vote reminders." in page


def test_nonsense_posted_changes_nothing(client, resident, proposal):
    client.force_login(resident)
    for junk in ({"proposal": "x"}, {"proposal": "9" * 30}, {"process": ""}, {}):
        assert client.post(reverse("my_emails"), junk).status_code == 302
    proposal.refresh_from_db()
    assert proposal.author_follows


def test_it_needs_a_sign_in(client, db):
    assert client.get(reverse("my_emails")).status_code == 302
