"""Each voter sees the projects in their own random order, the same on every page and visit;
switched off, everyone sees the fixed order; paper and results keep the fixed order."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tests.voting.casting.ballot_setup import issue_codes
from tests.voting.casting.page_helpers import ballot_url, check_url, declare, make_ballot, ticks
from voting.casting.order import in_voter_order

pytestmark = pytest.mark.django_db

TEN = [str(1000 + 100 * i) for i in range(10)]


def _order(client, envelope) -> list[int]:
    body = client.get(ballot_url(envelope)).content.decode()
    return [int(pk) for pk in re.findall(r'<li class="ballot-project" id="card-(\d+)"', body)]


def _voter(email: str, envelope, user=None) -> Client:
    client = Client()
    client.force_login(user or make_user(email, email.split("@")[0]))
    declare(client, envelope.process)
    return client


def test_it_keeps_each_voters_order_on_every_visit():
    envelope, _projects = make_ballot(costs=TEN)
    morag = _voter("morag@example.com", envelope)
    first = _order(morag, envelope)
    assert len(first) == 10
    assert _order(morag, envelope) == first
    # Signed in again on another device: the same voter, the same order.
    again = Client()
    again.force_login(User.objects.get(email="morag@example.com"))
    assert _order(again, envelope) == first


def test_voters_get_different_orders_and_none_is_the_fixed_one_for_everybody():
    envelope, projects = make_ballot(costs=TEN)
    fixed = [p.pk for p in projects]
    orders = {tuple(_order(_voter(f"voter{n}@example.com", envelope), envelope))
              for n in range(6)}
    assert len(orders) > 1
    assert orders != {tuple(fixed)}


def test_the_order_is_uniform_enough_that_no_project_keeps_the_top():
    envelope, projects = make_ballot(costs=TEN)
    firsts = {in_voter_order(projects=projects, voter_key=f"online:{n}:{envelope.pk}",
                             random=True)[0].pk for n in range(200)}
    assert firsts == {p.pk for p in projects}


def test_switched_off_everyone_sees_the_fixed_order():
    envelope, projects = make_ballot(costs=TEN, random_order=False)
    for n in range(3):
        assert _order(_voter(f"voter{n}@example.com", envelope), envelope) == [
            p.pk for p in projects]


def test_the_page_says_the_order_is_random_only_when_it_is():
    envelope, _ = make_ballot(costs=TEN)
    body = _voter("morag@example.com", envelope).get(ballot_url(envelope)).content.decode()
    assert "in a random order, different for each voter" in body
    fixed, _ = make_ballot(costs=TEN, name="Youth pot", random_order=False)
    body = _voter("ross@example.com", fixed).get(ballot_url(fixed)).content.decode()
    assert "random order" not in body


def test_the_check_page_lists_the_choices_in_the_voters_order():
    envelope, projects = make_ballot(costs=TEN, ballot_type="approval")
    morag = _voter("morag@example.com", envelope)
    order = _order(morag, envelope)
    chosen = [pk for pk in order if pk in {projects[0].pk, projects[5].pk, projects[9].pk}]
    morag.post(ballot_url(envelope), ticks(*[p for p in projects if p.pk in chosen]))
    body = morag.get(check_url(envelope)).content.decode()
    shown = [int(pk) for pk in re.findall(r'#project-(\d+)"', body)]
    assert shown == chosen


def test_a_code_voter_has_an_order_of_their_own(client):
    envelope, projects = make_ballot(costs=TEN)
    orders = []
    for plain in issue_codes(envelope, count=4):
        voter = Client()
        voter.post(reverse("vote_code"), {"code": plain})
        body = voter.get(reverse("vote_code_ballot")).content.decode()
        orders.append(re.findall(r'<li class="ballot-project" id="card-(\d+)"', body))
        assert voter.get(reverse("vote_code_ballot")).content.decode().count("card-") == 10
    assert all(len(order) == 10 for order in orders)
    assert len({tuple(order) for order in orders}) > 1
