"""A correction to what voting froze: with a reason, by a process admin, audited, and shown on
the public results page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budgeting.models import AuditEntry
from tests.voting.staff.staff_setup import voting_round
from tests.voting.test_freezing import cast_one
from voting.corrections.models import Correction
from voting.corrections.services import closing_date_correct, project_correct

pytestmark = pytest.mark.django_db

REASON = "The title on the ballot had a spelling mistake."


@pytest.fixture
def voted(envelope, council):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    cast_one(envelope, projects[0])
    return envelope, projects


def test_a_typo_in_a_project_title_is_corrected_with_a_reason(voted, process_admin):
    _, projects = voted
    correction = project_correct(admin=process_admin, project=projects[1], field="title",
                                 value="Riverside benches", reason=REASON)
    projects[1].refresh_from_db()
    assert projects[1].title == "Riverside benches"
    assert (correction.before, correction.after) == ("River benches", "Riverside benches")
    entry = AuditEntry.objects.get(action="correction.made")
    assert entry.before == {"value": "River benches"}
    assert entry.after["reason"] == REASON and entry.actor == process_admin


def test_a_correction_needs_a_reason(voted, process_admin):
    with pytest.raises(ValidationError) as refused:
        project_correct(admin=process_admin, project=voted[1][1], field="title",
                        value="Riverside benches", reason="typo")
    assert "reason" in refused.value.error_dict
    assert not Correction.objects.exists()


def test_only_text_can_be_corrected_not_the_cost(voted, process_admin):
    with pytest.raises(ValidationError):
        project_correct(admin=process_admin, project=voted[1][1], field="cost", value="1",
                        reason=REASON)


def test_before_voting_there_is_nothing_to_correct(envelope, council, process_admin):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    with pytest.raises(ValidationError, match="nothing is frozen"):
        project_correct(admin=process_admin, project=projects[0], field="title",
                        value="New", reason=REASON)


def test_only_a_process_admin_corrects(voted, moderator):
    with pytest.raises(PermissionDenied):
        project_correct(admin=moderator, project=voted[1][0], field="title", value="New",
                        reason=REASON)


def test_the_closing_date_can_be_put_back_but_never_forward(voted, process_admin):
    process = voted[0].process
    end = process.voting_end
    with pytest.raises(ValidationError, match="only put that back"):
        closing_date_correct(admin=process_admin, process=process,
                             voting_end=end - timedelta(days=1), reason=REASON)
    closing_date_correct(admin=process_admin, process=process,
                         voting_end=end + timedelta(days=7),
                         reason="The libraries were closed for two days by the storm.")
    process.refresh_from_db()
    assert process.voting_end == end + timedelta(days=7)


def test_the_staff_page_corrects_and_keeps_what_was_typed_on_a_refusal(client, voted,
                                                                      process_admin):
    envelope, projects = voted
    client.force_login(process_admin)
    url = reverse("corrections", args=[envelope.process.slug])
    refused = client.post(url, {"which": "project", "project-project": projects[1].pk,
                                "project-field": "title", "project-value": "Riverside benches",
                                "project-reason": "typo"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "There is a problem" in body and "Riverside benches" in body
    done = client.post(url, {"which": "project", "project-project": projects[1].pk,
                             "project-field": "title", "project-value": "Riverside benches",
                             "project-reason": REASON})
    assert done.status_code == 302
    public = client.get(reverse("results", args=[envelope.process.slug])).content.decode()
    assert "Corrections made during voting" in public and REASON in public


def test_the_corrections_page_is_for_process_admins(client, voted, moderator):
    client.force_login(moderator)
    assert client.get(reverse("corrections", args=[voted[0].process.slug])).status_code == 403
