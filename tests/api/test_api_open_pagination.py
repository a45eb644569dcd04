"""Paging through the open API's lists: page sizes, the cap, and pages that do not exist."""

from decimal import Decimal

import pytest
from django.test import Client

from budgeting.models import Envelope, Project
from tests.conftest import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope():
    envelope = Envelope.objects.create(process=make_process(slug="big"), name="Ward",
                                       amount=Decimal("1000000"))
    Project.objects.bulk_create(
        Project(envelope=envelope, title=f"Project {i:03d}", summary="-", cost=Decimal(100),
                position=i)
        for i in range(260)
    )
    return envelope


def get(envelope, query=""):
    return Client().get(f"/api/v1/envelopes/{envelope.pk}/projects/{query}")


def test_it_pages_fifty_at_a_time_by_default(envelope):
    body = get(envelope).json()
    assert body["count"] == 260
    assert len(body["results"]) == 50
    assert body["previous"] is None
    assert body["next"].endswith("?page=2")


def test_it_takes_a_page_size(envelope):
    body = get(envelope, "?page_size=7&page=2").json()
    assert [p["position"] for p in body["results"]] == list(range(7, 14))


def test_it_caps_the_page_size_at_two_hundred(envelope):
    assert len(get(envelope, "?page_size=100000").json()["results"]) == 200


@pytest.mark.parametrize("size", ["abc", "0", "-3", "", "1.5"])
def test_it_refuses_a_page_size_it_cannot_use(envelope, size):
    response = get(envelope, f"?page_size={size}")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give a whole number of 1 or more."]}


def test_it_keeps_the_order_stable_across_pages(envelope):
    seen = []
    for page in range(1, 3):
        seen += [p["id"] for p in get(envelope, f"?page_size=200&page={page}").json()["results"]]
    assert len(seen) == len(set(seen)) == 260


@pytest.mark.parametrize(("page", "why"), [
    ("abc", "not an integer"), ("999999", "no results"), ("0", "less than 1"),
    ("-1", "less than 1"), ("1.5", "not an integer"), ("", "not an integer"),
    ("last", "not an integer"),
])
def test_it_says_which_page_does_not_exist(envelope, page, why):
    response = get(envelope, f"?page={page}")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert f"There is no page “{page}”" in detail
    assert why in detail


def test_it_serves_the_last_page_by_number(envelope):
    body = get(envelope, "?page=6").json()
    assert len(body["results"]) == 10
    assert body["next"] is None
