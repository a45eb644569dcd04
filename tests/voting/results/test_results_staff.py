"""The process admin's count-and-publish page."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.voting.results.results_setup import approvals, cast_with_codes, close_voting
from tests.voting.staff.staff_setup import close_batch, open_batch, voting_round
from voting.results.models import Tally


@pytest.fixture
def voted(envelope):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    cast_with_codes(envelope, approvals(projects[:2], projects[1:]))
    return projects


def _count_url(envelope):
    return reverse("results_count", args=[envelope.process.slug, envelope.pk])


@pytest.mark.parametrize("who", [None, "resident", "moderator", "panel_member",
                                 "outside_moderator"])
def test_only_process_admins_count(client, request, envelope, voted, who):
    close_voting(envelope.process)
    if who:
        client.login(username=request.getfixturevalue(who).email, password=PASSWORD)
    staff_page = client.get(reverse("results_staff", args=[envelope.process.slug]))
    counted = client.post(_count_url(envelope))
    assert staff_page.status_code in (302, 403)
    assert counted.status_code in (302, 403)
    if who:
        assert counted.status_code == 403
    assert not Tally.objects.exists()


def test_an_admin_counts_then_publishes(client, envelope, voted, process_admin):
    close_voting(envelope.process)
    client.login(username=process_admin.email, password=PASSWORD)
    page = client.get(reverse("results_staff", args=[envelope.process.slug]))
    assert "2 ballots to count" in page.content.decode()
    counted = client.post(_count_url(envelope), follow=True)
    tally = Tally.objects.get()
    assert counted.redirect_chain[-1][0] == reverse("results_preview",
                                                    args=["riverside", tally.pk])
    assert "Check it, then publish it." in counted.content.decode()
    again = client.post(_count_url(envelope), follow=True)
    assert "Nothing has changed since count 1" in again.content.decode()
    published = client.post(reverse("results_publish", args=["riverside", tally.pk]),
                            follow=True)
    assert "Count 1 of Riverside ward is published." in published.content.decode()
    tally.refresh_from_db()
    assert tally.is_published


def test_a_refused_count_says_why(client, envelope, voted, process_admin):
    client.login(username=process_admin.email, password=PASSWORD)
    refused = client.post(_count_url(envelope))
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "There is a problem" in html and "has not closed yet" in html
    open_batch(envelope, process_admin)
    close_voting(envelope.process)
    refused = client.post(_count_url(envelope))
    assert "must be closed, checked by a second person" in refused.content.decode()
    assert not Tally.objects.exists()


def test_counting_needs_a_post(client, envelope, voted, process_admin):
    close_voting(envelope.process)
    client.login(username=process_admin.email, password=PASSWORD)
    assert client.get(_count_url(envelope)).status_code == 405
    assert not Tally.objects.exists()


def test_an_envelope_of_another_process_is_not_found(client, envelope, voted, process_admin):
    from budgeting.models import Envelope
    from tests.conftest import make_process

    other = Envelope.objects.create(process=make_process(slug="elsewhere"), name="X",
                                    amount=1000)
    close_voting(envelope.process)
    client.login(username=process_admin.email, password=PASSWORD)
    assert client.post(reverse("results_count", args=["riverside", other.pk])).status_code == 404


def test_the_preview_warns_when_a_replacement_adds_few_ballots(client, envelope, voted,
                                                               process_admin, moderator):
    from voting.results import services as results
    from voting.staff.services import paper_ballot_enter

    close_voting(envelope.process)
    first, _ = results.tally_count(admin=process_admin, envelope=envelope)
    results.tally_publish(admin=process_admin, tally=first)
    batch = open_batch(envelope, moderator, declared=2)
    for _ in range(2):
        paper_ballot_enter(staff=moderator, batch=batch, choices={voted[0].pk: 1})
    close_batch(batch, moderator)
    second, _ = results.tally_count(admin=process_admin, envelope=envelope)
    client.login(username=process_admin.email, password=PASSWORD)
    html = client.get(reverse("results_preview", args=["riverside", second.pk])).content.decode()
    assert "Publishing it replaces count 1" in html
    assert "This count has 2 ballots more than the published one." in html
