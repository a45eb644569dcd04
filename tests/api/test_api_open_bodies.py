"""What each open API endpoint says about a process, an envelope, a project and a proposal."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.open_data_setup import make_open_data
from voting.models import BallotRules

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return make_open_data()


def get(url):
    response = Client().get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_describes_a_process_with_its_partners_and_envelopes(data):
    body = get("/api/v1/processes/riverside/")
    assert body["phase"] == "results"
    assert body["voting_end"] == data.process.voting_end.isoformat()
    assert body["partners"] == [{"name": "Riverside Council", "kind": "council",
                                 "website": "https://council.example"}]
    assert body["envelopes"] == [
        {"id": data.envelope.pk, "name": "Riverside ward", "amount": "60000.00",
         "project_count": 3, "results_published": True},
        {"id": data.other_envelope.pk, "name": "Youth pot", "amount": "5000.00",
         "project_count": 1, "results_published": False},
    ]


def test_it_lists_processes_with_their_envelope_count(data):
    [process] = get("/api/v1/processes/")["results"]
    assert process["slug"] == "riverside"
    assert process["envelope_count"] == 2
    assert process["phase"] == "results"


def test_it_describes_an_envelope_with_its_eligibility_and_rules(data):
    body = get(f"/api/v1/envelopes/{data.envelope.pk}/")
    assert body["amount"] == "60000.00"
    assert body["postcode_prefixes"] == ["RV1", "RV24"]
    assert body["minimum_age"] == 12
    assert body["rules"] == {
        "ballot_type": "approval", "counting_rule": "greedy",
        "channels": ["online", "code", "paper"],
        "limits": {"min_projects": 1, "max_projects": 2, "min_spend_percent": None,
                   "points_total": None, "points_max_per_project": None, "ranking_max": None},
        "random_order": True,
    }


def test_it_shows_only_the_limits_of_the_ballot_type(data):
    BallotRules.objects.filter(envelope=data.envelope).update(
        ballot_type="points", points_total=12, points_max_per_project=4, paper=False)
    rules = get(f"/api/v1/envelopes/{data.envelope.pk}/")["rules"]
    assert rules["channels"] == ["online", "code"]
    assert {k: v for k, v in rules["limits"].items() if v is not None} == {
        "points_total": 12, "points_max_per_project": 4}


def test_it_shows_no_rules_for_an_envelope_without_them(data):
    body = get(f"/api/v1/envelopes/{data.other_envelope.pk}/")
    assert body["rules"] is None
    assert body["postcode_prefixes"] == []


def test_it_lists_a_process_s_envelopes_by_name(data):
    body = get("/api/v1/processes/riverside/envelopes/")
    assert [e["name"] for e in body["results"]] == ["Riverside ward", "Youth pot"]


def test_it_lists_projects_in_ballot_order_with_funding_and_delivery(data):
    projects = get(f"/api/v1/envelopes/{data.envelope.pk}/projects/")["results"]
    assert [p["title"] for p in projects] == ["Benches", "Bulbs", "Pump track"]
    assert [p["code"] for p in projects] == [str(data.projects[0].pk), "R-7",
                                              str(data.projects[2].pk)]
    assert [p["funded"] for p in projects] == [False, False, True]
    pump = projects[2]
    assert pump["cost"] == "45000.50"
    assert pump["funded_at"] is not None
    assert pump["delivery_status"] == "in_progress"
    assert pump["updates"] == [{"status": "in_progress", "on": "2027-06-01",
                                "text": "Ground works started.", "reason": ""}]
    assert projects[0]["proposals"] == [{"id": data.public_proposal.pk,
                                         "reference": data.public_proposal.reference,
                                         "title": data.public_proposal.title}]


def test_it_describes_a_project(data):
    body = get(f"/api/v1/projects/{data.projects[1].pk}/")
    assert body["title"] == "Bulbs"
    assert body["envelope"] == data.envelope.pk


def test_it_describes_a_proposal_with_its_public_review(data):
    proposal = data.public_proposal
    proposal.public_reason = "Works on council land."
    proposal.reviewed_cost = "9000.00"
    proposal.save()
    body = get(f"/api/v1/proposals/{proposal.pk}/")
    assert body["reference"] == proposal.reference
    assert body["estimated_cost"] == "8000.00"
    assert body["reviewed_cost"] == "9000.00"
    assert body["cost"] == "9000.00"
    assert body["public_reason"] == "Works on council land."
    assert body["submitted_on"] == timezone.localdate(proposal.created_at).isoformat()
    assert body["support_count"] == 0


def test_it_gives_supports_the_phase_and_the_limit_they_run_by(data):
    from budgeting.models import Envelope
    from budgeting.supports.models import Support
    Envelope.objects.filter(pk=data.envelope.pk).update(supports_limit=4)
    Support.objects.create(user=data.public_proposal.author, proposal=data.public_proposal,
                           person="p")
    assert get("/api/v1/processes/riverside/")["supports_start"] is None
    assert get(f"/api/v1/envelopes/{data.envelope.pk}/")["supports_limit"] == 4
    assert get(f"/api/v1/proposals/{data.public_proposal.pk}/")["support_count"] == 1
    [listed] = [p for p in get("/api/v1/processes/riverside/proposals/")["results"]
                if p["id"] == data.public_proposal.pk]
    assert listed["support_count"] == 1


def test_a_proposals_comments_show_what_its_page_shows_and_no_account(client):
    from tests.api.open_data_setup import make_open_data

    data = make_open_data()
    proposal = client.get(f"/api/v1/proposals/{data.public_proposal.pk}/").json()
    assert proposal["comment_count"] == 2
    body = client.get(f"/api/v1/proposals/{data.public_proposal.pk}/comments/").json()
    comments = body["results"]
    assert [c["text"] for c in comments] == ["Yes please", "Parks agree."]
    assert comments[0]["shown_as"] == "Eilidh from the Meadows" and comments[0]["partner"] is None
    assert comments[1]["reply_to"] == comments[0]["id"]
    assert comments[1]["partner"] == "Riverside Council"
    text = str(body)
    assert "HIDDEN-COMMENT" not in text and "secret" not in text.lower()
    project = client.get(f"/api/v1/projects/{data.projects[0].pk}/").json()
    assert project["comment_count"] == 1
    hidden = client.get(f"/api/v1/proposals/{data.hidden_proposal.pk}/comments/")
    assert hidden.status_code == 404
