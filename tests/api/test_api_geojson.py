"""The proposals of a round as GeoJSON: public ones with a map position, and nothing else."""

from decimal import Decimal

import pytest
from django.test import Client

from tests.api.open_data_setup import SECRETS, make_open_data
from tests.conftest import make_proposal

pytestmark = pytest.mark.django_db

URL = "/api/v1/processes/riverside/proposals.geojson"


@pytest.fixture
def data():
    return make_open_data()


def test_it_gives_a_feature_collection_of_the_public_proposals_on_the_map(data):
    response = Client().get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    [feature] = body["features"]
    proposal = data.public_proposal
    assert feature == {
        "type": "Feature",
        "id": proposal.pk,
        # GeoJSON puts the longitude first.
        "geometry": {"type": "Point", "coordinates": [-3.1883, 55.9533]},
        "properties": {
            "id": proposal.pk, "reference": proposal.reference, "title": proposal.title,
            "status": "shortlisted", "envelope": data.envelope.pk,
            "cost": str(proposal.cost), "url": f"http://testserver{proposal.get_absolute_url()}",
        },
    }


def test_it_never_shows_a_hidden_proposal_or_one_without_a_place(data):
    make_proposal(envelope=data.envelope, author=data.public_proposal.author,
                  title="Nowhere in particular")
    response = Client().get(URL)
    assert [f["id"] for f in response.json()["features"]] == [data.public_proposal.pk]
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body


def test_it_filters_like_the_list_and_says_which_filter_is_wrong(data):
    other = make_proposal(envelope=data.other_envelope, author=data.public_proposal.author,
                          title="Play park", latitude=Decimal("55.96"),
                          longitude=Decimal("-3.2"))
    ids = [f["id"] for f in Client().get(f"{URL}?envelope={data.other_envelope.pk}")
           .json()["features"]]
    assert ids == [other.pk]
    assert [f["id"] for f in Client().get(f"{URL}?q=play").json()["features"]] == [other.pk]
    refused = Client().get(f"{URL}?status=lost")
    assert refused.status_code == 400 and "status" in refused.json()


def test_an_unknown_or_unpublished_round_is_not_found(data):
    assert Client().get("/api/v1/processes/nowhere/proposals.geojson").status_code == 404


def test_the_schema_describes_it_as_geojson(data):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/processes/{slug}/proposals.geojson"]["get"]
    assert operation["operationId"] == "process_proposal_map"
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    collection = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    kind = collection["properties"]["type"]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][kind]["enum"] == ["FeatureCollection"]
    assert {"envelope", "status", "category", "q"} <= {p["name"] for p in operation["parameters"]}
