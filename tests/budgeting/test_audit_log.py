import pytest

from budgeting.models import AuditEntry
from budgeting.proposals import services


@pytest.fixture
def entry(moderator, proposal):
    services.proposal_hide(proposal=proposal, moderator=moderator, reason="Abusive")
    return AuditEntry.objects.get()


def test_an_entry_cannot_be_changed(entry):
    entry.action = "nothing.happened"
    with pytest.raises(TypeError):
        entry.save()


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(action="x")
    assert AuditEntry.objects.count() == 1


def test_it_records_who_what_when_and_on_what(entry, moderator, proposal):
    assert entry.actor == moderator
    assert entry.process == proposal.process
    assert (entry.target_type, entry.target_id) == ("proposal", str(proposal.pk))
    assert entry.before == {"hidden_at": None, "hidden_reason": ""}
    assert entry.after["hidden_reason"] == "Abusive"
    assert entry.created_at is not None


def test_process_admins_read_it(client, process_admin, entry):
    from django.urls import reverse

    client.force_login(process_admin)
    body = client.get(reverse("audit_log", kwargs={"slug": entry.process.slug})).content.decode()
    assert "proposal.hidden" in body
    assert "moderator@council.example" in body


def test_a_failed_action_leaves_no_entry_and_no_change(moderator, proposal):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_record(proposal=proposal, reviewer=moderator, decision="feasible",
                               public_reason="")
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not AuditEntry.objects.exists()
    assert not proposal.reviews.exists()
