from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgeting.models import AuditEntry
from budgeting.proposals import services
from budgeting.proposals.models import Proposal


def _url(name, proposal):
    return reverse(name, kwargs={"slug": proposal.process.slug, "pk": proposal.pk})


def test_a_moderator_marks_a_proposal_feasible_with_a_revised_cost(client, moderator, proposal):
    client.force_login(moderator)
    response = client.post(
        _url("moderation_review", proposal),
        {"review-decision": "feasible", "review-revised_cost": "9250.50",
         "review-public_reason": "Parks will install them.", "review-private_note": "PO 1234"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.FEASIBLE
    assert proposal.reviewed_cost == Decimal("9250.50")
    assert proposal.cost == Decimal("9250.50")
    entry = AuditEntry.objects.get(action="proposal.reviewed")
    assert entry.actor == moderator
    assert entry.before["status"] == "submitted"
    assert entry.after["status"] == "feasible"
    assert entry.after["reviewed_cost"] == "9250.50"
    public = client.get(proposal.get_absolute_url()).content.decode()
    assert "Parks will install them." in public
    assert "PO 1234" not in public  # the private note stays private


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"review-decision": "feasible", "review-public_reason": ""},
         "Enter the reason the public will see."),
        ({"review-decision": "approved", "review-public_reason": "ok"},
         "Choose one of the decisions listed."),
        ({"review-decision": "feasible", "review-public_reason": "ok",
          "review-revised_cost": "-10"}, "at least £1"),
        ({"review-decision": "feasible", "review-public_reason": "ok",
          "review-revised_cost": "1e12"}, "no more than"),
        ({"review-decision": "feasible", "review-public_reason": "ok",
          "review-revised_cost": "600,000"}, "is more than the whole budget of £60,000"),
    ],
)
def test_a_bad_review_is_refused_and_keeps_what_was_typed(client, moderator, proposal, data,
                                                         message):
    client.force_login(moderator)
    response = client.post(_url("moderation_review", proposal), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert message in body
    if data["review-public_reason"]:
        assert data["review-public_reason"] in body
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert not AuditEntry.objects.exists()


def test_a_withdrawn_proposal_cannot_be_reviewed(moderator, proposal, resident):
    services.proposal_withdraw(proposal=proposal, author=resident)
    with pytest.raises(ValidationError):
        services.review_record(proposal=proposal, reviewer=moderator, decision="feasible",
                               public_reason="ok")


def test_start_review_moves_a_submitted_proposal_once(client, moderator, proposal):
    client.force_login(moderator)
    assert client.post(_url("moderation_start_review", proposal)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNDER_REVIEW
    client.post(_url("moderation_start_review", proposal))
    assert AuditEntry.objects.filter(action="proposal.review_started").count() == 1


def test_hiding_removes_a_proposal_from_every_public_page(client, moderator, proposal):
    client.force_login(moderator)
    response = client.post(_url("moderation_hide", proposal), {"hide-reason": "Abusive"})
    assert response.status_code == 302
    client.logout()
    listing = client.get(reverse("proposal_list", kwargs={"slug": proposal.process.slug}))
    assert proposal.title not in listing.content.decode()
    searched = client.get(
        reverse("proposal_list", kwargs={"slug": proposal.process.slug}),
        {"q": "benches", "status": "submitted"},
    )
    assert proposal.title not in searched.content.decode()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    entry = AuditEntry.objects.get(action="proposal.hidden")
    assert entry.after["hidden_reason"] == "Abusive"


def test_hiding_needs_a_reason(client, moderator, proposal):
    client.force_login(moderator)
    response = client.post(_url("moderation_hide", proposal), {"hide-reason": "  "})
    assert response.status_code == 400
    assert "Enter a reason." in response.content.decode()
    proposal.refresh_from_db()
    assert not proposal.is_hidden


def test_restoring_brings_back_the_status_it_had(client, moderator, proposal):
    services.review_record(proposal=proposal, reviewer=moderator, decision="feasible",
                           public_reason="Fine")
    services.proposal_hide(proposal=proposal, moderator=moderator, reason="Checking a complaint")
    client.force_login(moderator)
    response = client.post(_url("moderation_restore", proposal), {"restore-reason": "Cleared"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    assert proposal.status == Proposal.Status.FEASIBLE
    assert client.get(proposal.get_absolute_url()).status_code == 200
    assert AuditEntry.objects.get(action="proposal.restored").after["reason"] == "Cleared"


def test_hiding_twice_says_so(client, moderator, proposal):
    services.proposal_hide(proposal=proposal, moderator=moderator, reason="Abusive")
    client.force_login(moderator)
    response = client.post(_url("moderation_hide", proposal), {"hide-reason": "Again"})
    assert response.status_code == 400
    assert "already hidden" in response.content.decode()


def test_the_queue_filters_by_status_and_envelope(client, moderator, proposal, other_envelope,
                                                 resident):
    from tests.conftest import make_proposal

    other = make_proposal(envelope=other_envelope, author=resident, title="Skate ramps")
    services.proposal_hide(proposal=other, moderator=moderator, reason="Duplicate")
    client.force_login(moderator)
    url = reverse("moderation_queue", kwargs={"slug": proposal.process.slug})
    hidden = client.get(url, {"status": "hidden"}).content.decode()
    assert "Skate ramps" in hidden and "Benches along" not in hidden
    by_envelope = client.get(url, {"envelope": proposal.envelope_id}).content.decode()
    assert "Benches along" in by_envelope and "Skate ramps" not in by_envelope


def test_the_queue_answers_htmx_with_just_the_results(client, moderator, proposal):
    client.force_login(moderator)
    url = reverse("moderation_queue", kwargs={"slug": proposal.process.slug})
    response = client.get(url, {"q": "benches"}, headers={"HX-Request": "true",
                                                          "HX-Target": "results"})
    body = response.content.decode()
    assert 'id="results"' in body
    assert "<html" not in body


def test_a_revised_cost_above_the_budget_goes_through_once_confirmed(client, moderator,
                                                                     proposal):
    client.force_login(moderator)
    client.post(_url("moderation_start_review", proposal))
    response = client.post(_url("moderation_review", proposal), {
        "review-decision": "feasible", "review-public_reason": "It costs more than we hoped.",
        "review-revised_cost": "£75,000", "review-cost_confirmed": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert str(proposal.reviewed_cost) == "75000.00"
