"""Following an idea: its proposer does by default, anyone signed in may; followers hear of
reviews, partner answers, the shortlist, funding and withdrawal, each with a one-click stop."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from budgeting import letters
from budgeting.comments import services as comments
from budgeting.following.models import Follow
from budgeting.following.selectors import followers, is_following
from budgeting.following.services import follow, unfollow
from budgeting.following.unsubscribe import Subscription, read, token_for
from budgeting.proposals import services as proposals
from budgeting.proposals.models import Proposal
from tests.budgeting.delivery.delivery_helpers import make_project
from tests.conftest import make_user, set_phase


@pytest.fixture
def follower(other_resident, proposal):
    follow(user=other_resident, proposal=proposal)
    return other_resident


def stop_link(body: str) -> str:
    return re.search(r"http://testserver(/emails/stop/[^\s]+/)", body).group(1)


def test_the_proposer_follows_by_default_and_may_stop(resident, proposal):
    assert is_following(user=resident, proposal=proposal)
    unfollow(user=resident, proposal=proposal)
    proposal.refresh_from_db()
    assert not proposal.author_follows and not is_following(user=resident, proposal=proposal)
    follow(user=resident, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.author_follows and not Follow.objects.exists()


def test_following_twice_keeps_one_follow(follower, proposal):
    follow(user=follower, proposal=proposal)
    assert Follow.objects.count() == 1
    assert list(followers(proposal=proposal)) == [follower]


def test_a_hidden_proposal_cannot_be_followed(other_resident, proposal):
    from django.core.exceptions import ValidationError
    from django.utils import timezone
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=timezone.now())
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        follow(user=other_resident, proposal=proposal)


def test_followers_hear_of_a_review_with_a_one_click_stop(
        settings, follower, proposal, moderator, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://testserver"
    set_phase(proposal.process, "review")
    with django_capture_on_commit_callbacks(execute=True):
        proposals.review_record(proposal=proposal, reviewer=moderator, decision="feasible",
                                public_reason="Parks will install them.")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {proposal.author.email, follower.email}
    news = by_address[follower.email]
    assert news.subject == f"News of “{proposal.title}”, an idea you follow"
    assert "has been reviewed: Feasible" in news.body and "Parks will install them." in news.body
    link = stop_link(news.body)
    assert news.extra_headers["List-Unsubscribe"] == f"<http://testserver{link}>"
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The proposer's own letter carries its own stop link.
    assert stop_link(by_address[proposal.author.email].body) != link


def test_a_mail_clients_one_click_post_stops_the_emails(client, follower, proposal):
    token = token_for(Subscription(follower.pk, "follow", proposal.pk))
    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get(reverse("unsubscribe", args=[token]))
    assert page.status_code == 200 and Follow.objects.exists()  # a GET stops nothing
    done = csrf_client.post(reverse("unsubscribe", args=[token]),
                            {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "no more emails about" in done.content.decode()
    assert not Follow.objects.exists()
    again = csrf_client.post(reverse("unsubscribe", args=[token]))
    assert again.status_code == 200


def test_a_tampered_link_is_refused_and_stops_nothing(client, follower, proposal):
    token = token_for(Subscription(follower.pk, "follow", proposal.pk))
    forged = token_for(Subscription(follower.pk, "follow", proposal.pk))[:-3] + "abc"
    assert read(forged) is None and read(token) is not None
    answer = client.post(reverse("unsubscribe", args=[forged]))
    assert answer.status_code == 400 and "not one of ours" in answer.content.decode()
    assert client.get(reverse("unsubscribe", args=["nonsense"])).status_code == 400
    assert Follow.objects.exists()


def test_the_proposer_who_stopped_gets_no_letters(
        proposal, moderator, django_capture_on_commit_callbacks):
    unfollow(user=proposal.author, proposal=proposal)
    proposal.refresh_from_db()
    set_phase(proposal.process, "review")
    with django_capture_on_commit_callbacks(execute=True):
        proposals.review_record(proposal=proposal, reviewer=moderator, decision="feasible",
                                public_reason="Fine.")
    assert mail.outbox == []


def test_followers_and_the_proposer_hear_a_partners_answer_but_not_its_writer(
        follower, proposal, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_post(author=moderator, target=proposal, text="We can look at that.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([proposal.author.email,
                                                          follower.email])
    assert all("Riverside Council" in m.body and "We can look at that." in m.body
               for m in mail.outbox)


def test_a_residents_comment_sends_nothing(follower, proposal, resident,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_post(author=follower, target=proposal, text="Good idea")
    assert mail.outbox == []


def test_followers_hear_when_it_is_funded_and_when_it_is_withdrawn(
        follower, proposal, envelope, django_capture_on_commit_callbacks):
    project = make_project(envelope, proposal)
    funded = letters.funded(project)
    assert {letter.recipient for letter in funded} == {proposal.author.email, follower.email}
    assert any("has been funded" in letter.body and letter.recipient == follower.email
               for letter in funded)
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_withdraw(proposal=proposal, author=proposal.author)
    [news] = mail.outbox
    assert news.to == [follower.email] and "withdrawn by its proposer" in news.body


def test_followers_read_their_news_in_their_own_language(follower, proposal, moderator,
                                                         django_capture_on_commit_callbacks):
    from budgeting.languages.models import LanguagePreference
    LanguagePreference.objects.create(user=follower, language="gd")
    set_phase(proposal.process, "review")
    with django_capture_on_commit_callbacks(execute=True):
        proposals.review_record(proposal=proposal, reviewer=moderator, decision="feasible",
                                public_reason="Fine.")
    news = next(m for m in mail.outbox if m.to == [follower.email])
    mine = next(m for m in mail.outbox if m.to == [proposal.author.email])
    assert mine.subject.startswith("Your idea")
    assert proposal.title in news.subject and not news.subject.startswith("News of")
    # The decision is in the follower's language too, not the moderator's.
    assert "Feasible" not in news.body and "Feasible" in mine.body.title()


def test_a_hidden_proposals_followers_hear_nothing(follower, proposal):
    from django.utils import timezone
    Proposal.objects.filter(pk=proposal.pk).update(hidden_at=timezone.now())
    proposal.refresh_from_db()
    assert letters.to_followers(proposal, "news") == []


def test_one_following_two_ideas_of_a_project_hears_once_that_it_is_funded(
        follower, proposal, envelope, resident):
    from tests.conftest import make_proposal
    second = make_proposal(envelope=envelope, author=follower, title="Seats by the weir")
    follow(user=follower, proposal=proposal)
    follow(user=resident, proposal=second)
    project = make_project(envelope, proposal, second)
    funded = letters.funded(project)
    assert sorted(letter.recipient for letter in funded) == sorted([resident.email,
                                                                   follower.email])
    # Each proposer gets their own letter, not a follower's.
    assert all(letter.subject.startswith("Your idea") for letter in funded)


def test_the_page_follows_and_stops_without_javascript(client, other_resident, proposal):
    url = reverse("proposal_follow", args=[proposal.process.slug, proposal.pk])
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "login" in anonymous.url
    client.force_login(other_resident)
    assert "Follow this idea" in client.get(proposal.get_absolute_url()).content.decode()
    client.post(url)
    assert Follow.objects.filter(user=other_resident).exists()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Stop following" in page
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_an_unconfirmed_address_cannot_follow(client, proposal):
    unconfirmed = make_user("new@example.com", verified=False)
    client.force_login(unconfirmed)
    answer = client.post(reverse("proposal_follow", args=[proposal.process.slug, proposal.pk]),
                         HTTP_HX_REQUEST="true")
    assert answer.status_code == 204 and answer.headers["HX-Redirect"]
    assert not Follow.objects.exists()


def test_a_stop_link_says_nothing_about_whom_it_is_for(follower, proposal):
    import base64

    from budgeting.following.unsubscribe import PAYLOAD
    subscription = Subscription(follower.pk, "follow", proposal.pk)
    token, again = token_for(subscription), token_for(subscription)
    assert token != again and read(token) == read(again) == subscription
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert PAYLOAD.pack(follower.pk, 0, proposal.pk) not in raw
    assert b"follow" not in raw and len(token) < 80
