import pytest
from django.urls import reverse

from budgeting.proposals import services
from budgeting.proposals.models import Proposal
from tests.conftest import set_phase


def _edit_url(proposal):
    return reverse("proposal_edit", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})


def _data(proposal, **changes):
    data = {
        "envelope": proposal.envelope_id, "title": proposal.title, "summary": proposal.summary,
        "description": proposal.description, "estimated_cost": str(proposal.estimated_cost),
        "category": proposal.category, "location": proposal.location,
    }
    data.update(changes)
    return data


def test_the_author_edits_until_review_starts(client, resident, proposal):
    client.force_login(resident)
    response = client.post(_edit_url(proposal), _data(proposal, title="Twelve benches"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Twelve benches"


def test_it_refuses_to_edit_someone_elses_proposal(client, other_resident, proposal):
    client.force_login(other_resident)
    response = client.post(_edit_url(proposal), _data(proposal, title="Mine now"))
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.title == "Benches along the river path"


def test_it_locks_the_proposal_once_a_moderator_takes_it_into_review(
    client, resident, proposal, moderator
):
    services.proposal_start_review(proposal=proposal, moderator=moderator)
    client.force_login(resident)
    response = client.post(_edit_url(proposal), _data(proposal, title="Changed late"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Benches along the river path"
    follow = client.get(response["Location"])
    assert "can no longer be changed" in follow.content.decode()


def test_it_locks_the_proposal_when_the_review_phase_starts(client, resident, proposal):
    set_phase(proposal.process, "review")
    client.force_login(resident)
    client.post(_edit_url(proposal), _data(proposal, title="Changed late"))
    proposal.refresh_from_db()
    assert proposal.title == "Benches along the river path"


def test_an_author_asked_for_more_information_can_answer_in_review(
    client, resident, proposal, moderator
):
    services.review_record(
        proposal=proposal, reviewer=moderator, decision="needs_information",
        public_reason="Which path?",
    )
    set_phase(proposal.process, "review")
    client.force_login(resident)
    response = client.post(_edit_url(proposal), _data(proposal, location="North bank path"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.location == "North bank path"
    assert proposal.status == Proposal.Status.UNDER_REVIEW


def test_bad_input_on_edit_changes_nothing(client, resident, proposal):
    client.force_login(resident)
    response = client.post(_edit_url(proposal), _data(proposal, title="", estimated_cost="-1"))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Benches along the river path"


def test_the_author_withdraws_a_proposal(client, resident, proposal):
    client.force_login(resident)
    url = reverse("proposal_withdraw", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    again = client.post(url)
    assert again.status_code == 400
    assert "already been withdrawn" in again.content.decode()


def test_it_refuses_to_withdraw_someone_elses_proposal(client, other_resident, proposal):
    client.force_login(other_resident)
    url = reverse("proposal_withdraw", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    assert client.post(url).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


@pytest.mark.parametrize("phase", ["voting", "results"])
def test_it_refuses_to_withdraw_once_voting_opens(client, resident, proposal, phase):
    set_phase(proposal.process, phase)
    client.force_login(resident)
    url = reverse("proposal_withdraw", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})
    response = client.post(url)
    assert response.status_code == 400
    assert "once voting has opened" in response.content.decode()


def test_a_resident_sees_their_proposals_with_status_and_reason(
    client, resident, proposal, moderator
):
    services.review_record(
        proposal=proposal, reviewer=moderator, decision="not_feasible",
        public_reason="The path belongs to the water board.",
    )
    client.force_login(resident)
    body = client.get(reverse("my_proposals")).content.decode()
    assert "Benches along the river path" in body
    assert "Not feasible" in body
    assert "The path belongs to the water board." in body
