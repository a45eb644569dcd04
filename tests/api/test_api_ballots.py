"""POST /api/v1/envelopes/<id>/ballots/: every status, every bad input, nothing saved on refusal."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import ballots as ballot_api
from budgeting.models import Project
from tests.conftest import make_user, set_phase
from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope, mixed
from voting import codes as code_format
from voting.casting.code_lookup import code_find
from voting.casting.services import code_is_used
from voting.models import Ballot, BallotChoice, BallotRules, Participation, SealedBallot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    # CSRF checks are on, as in a browser: the API must not depend on them.
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def approval():
    return make_voting_envelope(ballot_type="approval", min_projects=1, max_projects=3)


def url(envelope_id) -> str:
    return reverse("api-envelope-ballots", kwargs={"envelope_id": envelope_id})


def post(api, envelope_id, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return api.post(url(envelope_id), data=data, content_type=extra.pop("content_type",
                                                                         "application/json"),
                    **extra)


def ticks(*projects, value=1):
    return [{"project": p.pk, "value": value} for p in projects]


def assert_nothing_saved():
    assert SealedBallot.objects.count() == 0
    assert Ballot.objects.count() == 0
    assert BallotChoice.objects.count() == 0
    assert Participation.objects.count() == 0


# 201


def test_cast_returns_the_receipt_and_stores_ballot_and_participation(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0], projects[2])})
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"receipt", "envelope", "cast_on"}
    assert body["envelope"] == envelope.pk
    assert body["cast_on"] == timezone.localdate().isoformat()
    assert SealedBallot.objects.get().channel == "code"
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    assert ballot.receipt == body["receipt"]
    assert ballot.channel == "code"
    assert dict(ballot.choices.values_list("project_id", "value")) == {
        projects[0].pk: 1, projects[2].pk: 1
    }
    participation = Participation.objects.get()
    assert participation.channel == "code" and participation.envelope == envelope
    assert participation.code is not None and participation.user is None
    assert code not in response.content.decode()
    # The first ballot locks the rules.
    assert BallotRules.objects.get(envelope=envelope).locked_at is not None


def test_code_is_accepted_in_lower_case_without_dashes_and_with_spaces(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    typed = " " + code.replace("-", " ").lower() + " "
    response = post(api, envelope.pk, {"code": typed, "choices": ticks(projects[1])})
    assert response.status_code == 201, response.content


def test_zero_values_are_left_out(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    choices = ticks(projects[0]) + [{"project": projects[1].pk, "value": 0}]
    response = post(api, envelope.pk, {"code": code, "choices": choices})
    assert response.status_code == 201, response.content
    mixed(envelope)
    assert list(BallotChoice.objects.values_list("project_id", flat=True)) == [projects[0].pk]


def test_extra_fields_are_ignored(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    body = {"code": code, "choices": ticks(projects[0]), "user": 1, "cast_on": "2001-01-01"}
    response = post(api, envelope.pk, body)
    assert response.status_code == 201
    mixed(envelope)
    assert Ballot.objects.count() == 1 and Participation.objects.get().user is None


@pytest.mark.parametrize(
    ("rules", "choices", "stored"),
    [
        ({"ballot_type": "knapsack", "min_spend_percent": 50}, {0: 1, 1: 1, 4: 1},
         {0: 1, 1: 1, 4: 1}),
        ({"ballot_type": "approval", "max_projects": 2}, {2: 1, 3: 1}, {2: 1, 3: 1}),
        ({"ballot_type": "points", "points_total": 10, "points_max_per_project": 5},
         {0: 5, 1: 3, 2: 2}, {0: 5, 1: 3, 2: 2}),
        ({"ballot_type": "ranking", "ranking_max": 3}, {3: 1, 0: 2, 4: 3}, {3: 1, 0: 2, 4: 3}),
    ],
    ids=["knapsack", "approval", "points", "ranking"],
)
def test_each_ballot_type_is_cast_and_stored(api, rules, choices, stored):
    envelope, projects = make_voting_envelope(**rules)
    [code] = issue_codes(envelope, 1)
    body = {"code": code,
            "choices": [{"project": projects[i].pk, "value": v} for i, v in choices.items()]}
    response = post(api, envelope.pk, body)
    assert response.status_code == 201, response.content
    mixed(envelope)
    assert dict(BallotChoice.objects.values_list("project_id", "value")) == {
        projects[i].pk: v for i, v in stored.items()
    }


def test_envelope_without_rules_votes_under_the_defaults(api):
    envelope, projects = make_voting_envelope()
    BallotRules.objects.filter(envelope=envelope).delete()
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])})
    assert response.status_code == 201, response.content


def test_a_signed_in_session_does_not_get_in_the_way(api, approval):
    envelope, projects = approval
    api.force_login(make_user("kiosk@example.com"))
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])})
    assert response.status_code == 201, response.content


# 409


def test_a_used_code_is_refused_with_409_and_nothing_more_is_saved(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    assert post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])}).status_code == 201
    again = post(api, envelope.pk, {"code": code.lower(), "choices": ticks(projects[1])})
    assert again.status_code == 409
    assert "already been used" in again.json()["detail"]
    mixed(envelope)
    assert Ballot.objects.count() == 1 and Participation.objects.count() == 1
    assert list(BallotChoice.objects.values_list("project_id", flat=True)) == [projects[0].pk]


def test_a_used_code_does_not_count_as_a_failed_attempt(api, approval, settings):
    settings.VOTING_CODE_ATTEMPTS = 2
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    for _ in range(4):
        post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])})
    assert post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])}).status_code == 409


# 400: codes


def test_an_unknown_code_is_a_field_error(api, approval):
    envelope, projects = approval
    issue_codes(envelope, 2)
    response = post(api, envelope.pk, {"code": code_format.new_code(),
                                       "choices": ticks(projects[0])})
    assert response.status_code == 400
    assert "recognise" in response.json()["code"][0]
    assert_nothing_saved()


@pytest.mark.parametrize("typed", ["", "   ", "ABC", "UUUU-UUUU-UUUU", "x" * 64, "é" * 12])
def test_malformed_codes_are_field_errors(api, approval, typed):
    envelope, projects = approval
    response = post(api, envelope.pk, {"code": typed, "choices": ticks(projects[0])})
    assert response.status_code == 400
    assert "code" in response.json()
    assert_nothing_saved()


def test_a_code_too_long_is_a_field_error(api, approval):
    envelope, projects = approval
    response = post(api, envelope.pk, {"code": "A" * 10_000, "choices": ticks(projects[0])})
    assert response.status_code == 400
    assert "code" in response.json()


def test_a_code_of_another_envelope_is_refused(api, approval):
    envelope, projects = approval
    other, _ = make_voting_envelope(name="North Bank ward")
    [their_code] = issue_codes(other, 1)
    response = post(api, envelope.pk, {"code": their_code, "choices": ticks(projects[0])})
    assert response.status_code == 400
    assert "another envelope" in response.json()["code"][0]
    assert_nothing_saved()
    # The code is still good where it belongs.
    assert not code_is_used(code_find(typed=their_code))


# 400: the ballot's contents


def test_a_project_of_another_envelope_is_refused(api, approval):
    envelope, projects = approval
    _other, their_projects = make_voting_envelope(name="North Bank ward")
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope.pk,
                    {"code": code, "choices": ticks(projects[0], their_projects[1])})
    assert response.status_code == 400
    assert "not on it" in response.json()["choices"][0]
    assert_nothing_saved()


def test_an_unknown_project_is_refused(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    missing = max(Project.objects.values_list("pk", flat=True)) + 1000
    response = post(api, envelope.pk, {"code": code,
                                       "choices": [{"project": missing, "value": 1}]})
    assert response.status_code == 400
    assert "choices" in response.json()
    assert_nothing_saved()


def test_a_project_named_twice_is_refused(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0], projects[0])})
    assert response.status_code == 400
    assert response.json()["choices"] == ["Name each project only once."]
    assert_nothing_saved()


RULE_BREAKS = [
    # knapsack: £60,000 to spend; costs 10k, 20k, 25k, 30k, 5k
    ("knapsack", {}, {1: 1, 2: 1, 3: 1}, "more than"),
    ("knapsack", {"min_spend_percent": 70}, {0: 1, 4: 1}, "at least"),
    ("knapsack", {"min_projects": 2}, {3: 1}, "at least 2"),
    ("knapsack", {"max_projects": 2}, {0: 1, 1: 1, 4: 1}, "no more than 2"),
    ("knapsack", {}, {0: 2}, "once"),
    ("knapsack", {}, {}, "at least 1"),
    ("approval", {"max_projects": 3}, {0: 1, 1: 1, 2: 1, 3: 1}, "no more than 3"),
    ("approval", {"min_projects": 2}, {0: 1}, "at least 2"),
    ("approval", {}, {0: 3}, "once"),
    ("approval", {}, {}, "at least 1"),
    ("points", {"points_total": 10, "points_max_per_project": 5}, {0: 5, 1: 5, 2: 1},
     "10 to share"),
    ("points", {"points_total": 10, "points_max_per_project": 5}, {0: 6}, "no more than 5"),
    ("points", {}, {0: 0}, "at least one point"),
    ("points", {"points_total": 10}, {0: 10**9}, "10 to share"),
    ("ranking", {"ranking_max": 3}, {0: 1, 1: 3}, "no gaps"),
    ("ranking", {"ranking_max": 3}, {0: 1, 1: 1}, "no gaps"),
    ("ranking", {"ranking_max": 3}, {0: 2}, "no gaps"),
    ("ranking", {"ranking_max": 2}, {0: 1, 1: 2, 2: 3}, "no more than 2"),
    ("ranking", {}, {}, "at least one"),
]


@pytest.mark.parametrize(("ballot_type", "rules", "choices", "message"), RULE_BREAKS)
def test_a_ballot_that_breaks_the_rules_is_refused_and_the_code_stays_usable(
    api, ballot_type, rules, choices, message
):
    envelope, projects = make_voting_envelope(ballot_type=ballot_type, **rules)
    [code] = issue_codes(envelope, 1)
    body = {"code": code,
            "choices": [{"project": projects[i].pk, "value": v} for i, v in choices.items()]}
    response = post(api, envelope.pk, body)
    assert response.status_code == 400, response.content
    errors = response.json()["choices"]
    assert any(message in error for error in errors), errors
    assert_nothing_saved()
    assert BallotRules.objects.get(envelope=envelope).locked_at is None
    assert not code_is_used(code_find(typed=code))


# 400: malformed requests


@pytest.mark.parametrize(
    "body",
    [
        "",
        "{",
        "not json",
        '{"code": "A", "choices": [}',
        "NaN",
        '{"code": "ABCD-EFGH-JKMN", "choices": [{"project": 1, "value": NaN}]}',
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        "1" * 5000,
        b"\xff\xfe\x00garbage",
    ],
    ids=["empty", "open-brace", "text", "broken", "nan", "nan-value", "deep-list",
         "deep-object", "huge-int", "bytes"],
)
def test_bodies_that_are_not_a_ballot_are_400(api, approval, body):
    envelope, _ = approval
    response = post(api, envelope.pk, body)
    assert response.status_code == 400, response.content
    assert_nothing_saved()


def test_a_body_too_large_is_400(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    body = {"code": code, "choices": ticks(projects[0]), "padding": "x" * 100_000}
    response = post(api, envelope.pk, body)
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]
    assert_nothing_saved()


def test_a_form_post_is_415(api, approval):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    response = api.post(url(envelope.pk), {"code": code, "choices": projects[0].pk})
    assert response.status_code == 415
    assert_nothing_saved()


def test_the_wrong_method_is_405(api, approval):
    envelope, _ = approval
    assert api.get(url(envelope.pk)).status_code == 405
    assert api.put(url(envelope.pk), "{}", content_type="application/json").status_code == 405


@pytest.mark.parametrize(
    ("make_body", "field"),
    [
        (lambda code, p: {}, "code"),
        (lambda code, p: {"code": code}, "choices"),
        (lambda code, p: {"choices": [{"project": p, "value": 1}]}, "code"),
        (lambda code, p: {"code": None, "choices": [{"project": p, "value": 1}]}, "code"),
        (lambda code, p: {"code": 123456789012, "choices": [{"project": p, "value": 1}]},
         "code"),
        (lambda code, p: {"code": [code], "choices": [{"project": p, "value": 1}]}, "code"),
        (lambda code, p: {"code": code, "choices": None}, "choices"),
        (lambda code, p: {"code": code, "choices": "1,2"}, "choices"),
        (lambda code, p: {"code": code, "choices": {str(p): 1}}, "choices"),
        (lambda code, p: {"code": code, "choices": [p]}, "choices"),
        (lambda code, p: {"code": code, "choices": [[p, 1]]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"value": 1}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": str(p), "value": 1}]},
         "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": "1"}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": True}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": True, "value": 1}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": 1.5}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": 1.0}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": None}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": -1}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": 10**30}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": 10**30, "value": 1}]},
         "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": -p, "value": 1}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": 0, "value": 1}]}, "choices"),
        (lambda code, p: {"code": code, "choices": [{"project": p, "value": 1e308}]},
         "choices"),
        (lambda code, p: {"code": code,
                          "choices": [{"project": p + i, "value": 1} for i in range(1001)]},
         "choices"),
    ],
)
def test_malformed_fields_are_field_errors(api, approval, make_body, field):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope.pk, make_body(code, projects[0].pk))
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert_nothing_saved()


@pytest.mark.parametrize("body", [[], "x", None, 1, True])
def test_a_body_that_is_not_an_object_is_400(api, approval, body):
    envelope, _ = approval
    response = post(api, envelope.pk, json.dumps(body))
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


# 404


@pytest.mark.parametrize("envelope_id", [0, 999_999, 2**63, 10**30])
def test_an_unknown_envelope_is_404(api, approval, envelope_id):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope_id, {"code": code, "choices": ticks(projects[0])})
    assert response.status_code == 404
    assert_nothing_saved()


def test_a_non_numeric_envelope_is_404(api):
    response = api.post(f"/api/v1/envelopes/{uuid.uuid4()}/ballots/", "{}",
                        content_type="application/json")
    assert response.status_code == 404


# 403


@pytest.mark.parametrize("phase", ["upcoming", "ideas", "review", "shortlisting", "results"])
def test_outside_the_voting_phase_is_403(api, approval, phase):
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    set_phase(envelope.process, phase)
    response = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])})
    assert response.status_code == 403
    assert "not open" in response.json()["detail"]
    assert_nothing_saved()


def test_codes_switched_off_is_403(api):
    envelope, projects = make_voting_envelope(codes=False)
    [code] = issue_codes(envelope, 1)
    response = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])})
    assert response.status_code == 403
    assert "voting code" in response.json()["detail"]
    assert_nothing_saved()


def test_voting_closing_at_midnight_between_lookup_and_cast_is_403(api, approval, monkeypatch):
    """The service checks the phase again, on the day the ballot is cast."""
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    real_find = code_find
    day_after = envelope.process.voting_end + timedelta(days=1)

    def find_then_midnight(**kwargs):
        found = real_find(**kwargs)
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kw: day_after)
        return found

    monkeypatch.setattr(ballot_api, "code_find", find_then_midnight)
    response = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])})
    assert response.status_code == 403
    assert "not open" in response.json()["detail"]
    assert_nothing_saved()


# 429


def test_unknown_codes_are_rate_limited_per_address(api, approval, settings):
    settings.VOTING_CODE_ATTEMPTS = 3
    envelope, projects = approval
    [code] = issue_codes(envelope, 1)
    for _ in range(3):
        wrong = post(api, envelope.pk, {"code": code_format.new_code(),
                                        "choices": ticks(projects[0])})
        assert wrong.status_code == 400
    # Malformed codes count too, and now even the right code must wait.
    limited = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) == settings.VOTING_CODE_WINDOW_SECONDS
    assert_nothing_saved()
    # Another address is not held up.
    elsewhere = post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])},
                     REMOTE_ADDR="192.0.2.7")
    assert elsewhere.status_code == 201


def test_malformed_codes_count_as_failures(api, approval, settings):
    settings.VOTING_CODE_ATTEMPTS = 2
    envelope, projects = approval
    for _ in range(2):
        assert post(api, envelope.pk, {"code": "nope", "choices": []}).status_code == 400
    assert post(api, envelope.pk, {"code": "nope", "choices": []}).status_code == 429


def test_a_code_of_another_envelope_or_a_broken_ballot_is_not_a_failed_attempt(
    api, approval, settings
):
    settings.VOTING_CODE_ATTEMPTS = 1
    envelope, projects = approval
    other, _ = make_voting_envelope(name="North Bank ward")
    [their_code] = issue_codes(other, 1)
    [code] = issue_codes(envelope, 1)
    for _ in range(3):
        assert post(api, envelope.pk, {"code": their_code, "choices": ticks(projects[0])}
                    ).status_code == 400
        assert post(api, envelope.pk, {"code": code, "choices": []}).status_code == 400
    assert post(api, envelope.pk, {"code": code, "choices": ticks(projects[0])}).status_code == 201


# The schema


def test_the_schema_describes_the_ballot_endpoint(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/envelopes/{envelope_id}/ballots/"]["post"]
    assert set(operation["responses"]) >= {"201", "400", "403", "404", "409", "429"}
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert request_schema["$ref"].endswith("/BallotCast")
    components = schema["components"]["schemas"]
    assert set(components["BallotCast"]["required"]) == {"code", "choices"}
    assert set(components["BallotReceipt"]["properties"]) == {"receipt", "envelope", "cast_on"}
    assert operation["security"] == [{}]


# Codes issued in several batches


def test_a_batch_issued_after_a_cast_is_found(api, approval):
    envelope, projects = approval
    [first] = issue_codes(envelope, 1)
    assert post(api, envelope.pk, {"code": first, "choices": ticks(projects[0])}).status_code == 201
    [later] = issue_codes(envelope, 1)
    assert post(api, envelope.pk, {"code": later, "choices": ticks(projects[0])}).status_code == 201
    other, _ = make_voting_envelope(name="North Bank ward")
    [theirs] = issue_codes(other, 1)
    refused = post(api, envelope.pk, {"code": theirs, "choices": ticks(projects[0])})
    assert refused.status_code == 400
    assert SealedBallot.objects.count() == 2
