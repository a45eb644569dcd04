"""The API's documentation: Swagger UI from Kist's own static files, and a schema that
describes every open data endpoint."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

OPEN_PATHS = [
    "/api/v1/processes/",
    "/api/v1/processes/{slug}/",
    "/api/v1/processes/{slug}/envelopes/",
    "/api/v1/processes/{slug}/proposals/",
    "/api/v1/processes/{slug}/proposals.geojson",
    "/api/v1/envelopes/{envelope_id}/",
    "/api/v1/envelopes/{envelope_id}/projects/",
    "/api/v1/envelopes/{envelope_id}/results/",
    "/api/v1/projects/{project_id}/",
    "/api/v1/proposals/{proposal_id}/",
]


def test_it_serves_the_docs_page_from_sidecar_static_files():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in html
    # Swagger UI starts from a script file of its own, so the CSP needs no inline script.
    assert "<script>" not in html
    script = Client().get("/api/docs/?script=").content.decode()
    assert reverse("schema") in script
    # Nothing from another host: the page must work where there is no internet.
    for outside in ["http://", "https://", "src=\"//", "href=\"//", "jsdelivr", "unpkg"]:
        assert outside not in html, outside


def test_it_ships_the_files_the_docs_page_loads():
    from django.contrib.staticfiles import finders

    for name in ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css",
                 "favicon-32x32.png"]:
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name


def test_it_links_the_docs_from_every_page_footer():
    html = Client().get("/").content.decode()
    assert 'href="/api/docs/"' in html
    assert 'href="/api/schema/"' in html


def test_it_describes_every_open_endpoint_as_read_only():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in OPEN_PATHS:
        assert set(schema["paths"][path]) == {"get"}, path
        responses = schema["paths"][path]["get"]["responses"]
        assert {"200", "404"} <= set(responses), path
        for status in responses:
            assert "application/json" in responses[status]["content"], (path, status)


def test_it_describes_the_bad_filter_replies():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ["/api/v1/processes/", "/api/v1/processes/{slug}/proposals/"]:
        assert "400" in schema["paths"][path]["get"]["responses"], path
    params = {p["name"] for p in schema["paths"]["/api/v1/processes/{slug}/proposals/"]["get"]
              ["parameters"]}
    assert params == {"slug", "envelope", "status", "category", "q", "page", "page_size"}


def test_it_keeps_the_ballot_endpoint_in_the_schema():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert set(schema["paths"]["/api/v1/envelopes/{envelope_id}/ballots/"]) == {"post"}
