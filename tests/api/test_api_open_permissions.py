"""Who may read the open API and what it never shows: anyone reads public data, nobody writes,
nobody sees a hidden proposal, an unpublished count, an author or a staff note."""

import pytest
from django.test import Client

from tests.api.open_data_setup import SECRETS, make_open_data
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return make_open_data()


def every_url(data) -> list[str]:
    envelope = data.envelope.pk
    return [
        "/api/v1/processes/",
        "/api/v1/processes/riverside/",
        "/api/v1/processes/riverside/envelopes/",
        "/api/v1/processes/riverside/proposals/",
        "/api/v1/processes/riverside/proposals.geojson",
        f"/api/v1/envelopes/{envelope}/",
        f"/api/v1/envelopes/{envelope}/projects/",
        f"/api/v1/envelopes/{envelope}/results/",
        f"/api/v1/projects/{data.projects[0].pk}/",
        f"/api/v1/proposals/{data.public_proposal.pk}/",
    ]


def test_it_lets_anyone_read_every_endpoint(data):
    client = Client()
    for url in every_url(data):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_every_write_method(data, method):
    client = Client(enforce_csrf_checks=True)
    for url in every_url(data):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405, url
        assert "not allowed" in response.json()["detail"]


def test_it_refuses_writes_from_signed_in_staff_too(data):
    # A session is not read at all: no CSRF 403, no extra rights, just 405.
    staff = make_user("admin@council.example", is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/api/v1/processes/", data="{}", content_type="application/json")
    assert response.status_code == 405


def test_it_never_shows_secrets_to_anyone(data):
    staff = make_user("admin@council.example", is_staff=True, is_superuser=True)
    signed_in = Client()
    signed_in.force_login(staff)
    for client in (Client(), signed_in):
        for url in every_url(data):
            text = client.get(url).content.decode()
            for secret in SECRETS:
                assert secret not in text, (url, secret)


def test_it_hides_a_hidden_proposal_from_the_list(data):
    body = Client().get("/api/v1/processes/riverside/proposals/").json()
    ids = [p["id"] for p in body["results"]]
    assert ids == [data.public_proposal.pk]
    assert body["count"] == 1


def test_it_hides_a_hidden_proposal_whatever_the_filters(data):
    for query in ["q=HIDDEN", "status=submitted", "category=green_spaces",
                  f"envelope={data.envelope.pk}"]:
        body = Client().get(f"/api/v1/processes/riverside/proposals/?{query}").json()
        assert data.hidden_proposal.pk not in [p["id"] for p in body["results"]], query


def test_it_answers_a_hidden_proposal_as_if_it_never_existed(data):
    hidden = Client().get(f"/api/v1/proposals/{data.hidden_proposal.pk}/")
    missing = Client().get("/api/v1/proposals/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "There is no such proposal."}


def test_it_leaves_a_hidden_proposal_out_of_its_project(data):
    project = Client().get(f"/api/v1/projects/{data.projects[0].pk}/").json()
    assert [p["id"] for p in project["proposals"]] == [data.public_proposal.pk]


def test_it_shows_no_author_and_no_hiding_fields_on_a_proposal(data):
    proposal = Client().get(f"/api/v1/proposals/{data.public_proposal.pk}/").json()
    assert not {"author", "hidden_at", "hidden_reason", "private_note", "reviews"} & set(proposal)


def test_it_shows_no_poster_on_a_delivery_update(data):
    project = Client().get(f"/api/v1/projects/{data.projects[2].pk}/").json()
    assert set(project["updates"][0]) == {"status", "on", "text", "reason"}
