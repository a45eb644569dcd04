"""What residents read while voting is plain: budgets, not envelopes; an overspend said as one;
no other round's postcode; and, after voting, the other budgets they may still vote for."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tests.voting.casting.page_helpers import (
    ballot_url,
    basket_url,
    check_url,
    declare,
    make_ballot,
    ticks,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def visible(response) -> str:
    """The words on the page, without its markup, scripts or styles."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def two_budgets():
    ward, ward_projects = make_ballot(ballot_type="knapsack")
    youth, youth_projects = make_ballot(process=ward.process, name="Youth pot", amount="10000",
                                        costs=["2000", "3000"], ballot_type="approval")
    return ward, ward_projects, youth, youth_projects


@pytest.fixture
def resident(two_budgets):
    client = Client()
    client.force_login(make_user("morag@example.com", "Morag"))
    declare(client, two_budgets[0].process)
    return client


def _cast(client, envelope, *projects):
    client.post(ballot_url(envelope), ticks(*projects))
    assert client.post(check_url(envelope))["Location"] == reverse("vote_done")


def test_after_voting_in_the_ward_it_offers_the_youth_pot(resident, two_budgets):
    ward, ward_projects, youth, youth_projects = two_budgets
    _cast(resident, ward, ward_projects[0])
    page = text(resident.get(reverse("vote_done")))
    assert "You can also vote for another budget" in page
    assert f'href="{ballot_url(youth)}"' in page and "Vote in Youth pot (£10,000)" in page
    _cast(resident, youth, youth_projects[0])
    assert "You can also vote" not in text(resident.get(reverse("vote_done")))


def test_an_overspend_is_shown_as_over_not_as_nothing_left(resident, two_budgets):
    ward, projects, _youth, _ = two_budgets
    page = text(resident.post(basket_url(ward), ticks(projects[0], projects[2], projects[3]),
                              HTTP_HX_REQUEST="true"))
    assert "<dt>Over by</dt><dd>£5,000</dd>" in page
    assert "<dt>Left</dt>" not in page


def test_residents_never_meet_the_word_envelope(resident, two_budgets):
    ward, projects, _youth, _ = two_budgets
    process = ward.process
    pages = [process.get_absolute_url(), reverse("vote_start", args=[process.slug]),
             reverse("vote_envelopes", args=[process.slug]), ballot_url(ward)]
    for url in pages:
        response = resident.get(url)
        assert response.status_code == 200, url
        assert "envelope" not in visible(response).lower(), url
    _cast(resident, ward, projects[0])
    assert "envelope" not in visible(resident.get(reverse("vote_done"))).lower()
    assert "already voted on this ballot" in text(resident.get(ballot_url(ward)))


def test_the_budgets_page_reads_as_sentences(resident, two_budgets):
    page = visible(resident.get(reverse("vote_envelopes", args=[two_budgets[0].process.slug])))
    assert " ." not in page
    assert "Budget £60,000" in page and "How Pick projects that add up" in page


def test_the_postcode_hint_names_no_other_rounds_postcode(client, two_budgets):
    client.force_login(make_user("ross@example.com", "Ross"))
    page = text(client.get(reverse("vote_declare", args=[two_budgets[0].process.slug])))
    assert "RV1 2AB" not in page
    assert "It decides which budgets you can vote for." in page
