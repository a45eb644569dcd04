"""Addresses that match nothing: JSON under /api/, the HTML page everywhere else."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/envelopes/abc/", "/api/v1/nothing/",
                                 "/api/v1/processes/a%20b/", "/api/v2/processes/"])
def test_it_answers_an_unknown_api_address_in_json(url):
    response = Client().get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "There is nothing at this address."}


def test_it_still_shows_the_page_to_people():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
    assert "Page not found" in response.content.decode()


def test_it_still_adds_the_missing_slash_to_an_api_address():
    response = Client().get("/api/v1/processes")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/processes/"
