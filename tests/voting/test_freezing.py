"""Once an envelope's first ballot is cast, its money, eligibility and projects and the
process's voting dates cannot change, by any path; the admin shows them read-only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from budgeting.models import AuditEntry, Process, Project, Ward
from tests.conftest import make_user
from tests.voting.casting.ballot_setup import issue_codes
from tests.voting.staff.staff_setup import voting_round
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_with_code
from voting.freezing import Frozen, frozen_on

pytestmark = pytest.mark.django_db


def cast_one(envelope, project) -> None:
    [plain] = issue_codes(envelope, 1)
    ballot_cast_with_code(code=code_find(typed=plain, envelope=envelope),
                          choices={project.pk: 1})


@pytest.fixture
def voted(envelope, council):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    cast_one(envelope, projects[0])
    envelope.refresh_from_db()
    return envelope, projects


def test_nothing_is_frozen_before_the_first_ballot(envelope, council):
    voting_round(envelope.process, envelope, ballot_type="approval")
    assert frozen_on(envelope) is None
    envelope.amount = Decimal("45000")
    envelope.save()


@pytest.mark.parametrize("field, value", [
    ("amount", Decimal("45000")), ("postcode_prefixes", "RV1, RV2, RV9"), ("minimum_age", 16),
    ("maximum_age", 25)])
def test_every_frozen_envelope_field_is_refused(voted, field, value):
    envelope, _ = voted
    setattr(envelope, field, value)
    with pytest.raises(Frozen) as refused:
        envelope.save()
    assert field in refused.value.error_dict
    assert "can no longer change" in refused.value.error_dict[field][0].messages[0]
    envelope.refresh_from_db()
    assert getattr(envelope, field) != value


def test_a_ward_cannot_be_added_or_removed(voted):
    envelope, _ = voted
    ward = Ward.objects.create(code="S13000099", name="Elsewhere")
    with pytest.raises(Frozen), transaction.atomic():
        envelope.wards.add(ward)
    assert not envelope.wards.exists()


@pytest.mark.parametrize("field, value", [
    ("title", "Another title"), ("summary", "Else."), ("cost", Decimal("1")), ("position", 9)])
def test_every_frozen_project_field_is_refused(voted, field, value):
    _, projects = voted
    setattr(projects[1], field, value)
    with pytest.raises(Frozen):
        projects[1].save()


def test_a_project_cannot_be_added_or_deleted(voted):
    envelope, projects = voted
    with pytest.raises(Frozen), transaction.atomic():
        projects[2].delete()
    with pytest.raises(Frozen, match="no project can be added"):
        Project.objects.create(envelope=envelope, title="Late", summary="Late.",
                               cost=Decimal("10"))
    assert envelope.projects.count() == len(projects)


@pytest.mark.parametrize("field", ["voting_start", "voting_end"])
def test_the_voting_dates_are_refused(voted, field):
    process = voted[0].process
    setattr(process, field, getattr(process, field) + timedelta(days=3))
    with pytest.raises(Frozen):
        process.save()


def test_what_voting_does_not_depend_on_can_still_change(voted):
    envelope, projects = voted
    envelope.description = "Now with a description."
    envelope.save()
    process = envelope.process
    process.description = "Updated."
    process.save()
    projects[0].delivery_status = "in_progress"
    projects[0].save()


def test_the_admin_is_for_superusers_only(client, process_admin):
    client.force_login(process_admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_shows_frozen_fields_read_only_and_cannot_change_them(client, voted):
    envelope, _ = voted
    root = make_user("root@kist.example", is_staff=True, is_superuser=True)
    client.force_login(root)
    url = reverse("admin:budgeting_envelope_change", args=[envelope.pk])
    page = client.get(url).content.decode()
    assert 'name="amount"' not in page
    client.post(url, {"process": envelope.process.pk, "name": envelope.name,
                      "description": "Edited in the admin.", "amount": "1",
                      "postcode_prefixes": "ZZ", "minimum_age": 0, "supports_limit": 0})
    envelope.refresh_from_db()
    assert envelope.amount == Decimal("60000") and envelope.description == "Edited in the admin."
    entry = AuditEntry.objects.get(action="envelope.changed")
    assert entry.actor == root
    assert entry.before == {"description": ""}
    assert entry.after == {"description": "Edited in the admin."}


def test_the_admin_cannot_delete_a_frozen_project(client, voted):
    _, projects = voted
    client.force_login(make_user("root@kist.example", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:budgeting_project_delete", args=[projects[0].pk]),
                           {"post": "yes"})
    assert response.status_code == 403
    assert Project.objects.filter(pk=projects[0].pk).exists()


def test_every_admin_change_is_audited_with_before_and_after(client, process, council):
    root = make_user("root@kist.example", is_staff=True, is_superuser=True)
    client.force_login(root)
    url = reverse("admin:budgeting_process_change", args=[process.pk])
    data = {name: getattr(process, name) for name in (
        "title", "slug", "area", "description", "currency", "ideas_start", "review_start",
        "shortlisting_start", "voting_start", "voting_end")}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    data.update({"title": "Riverside Choices", "partners": [council.pk]})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="process.changed")
    assert entry.before["title"] == "Riverside Community Choices"
    assert entry.after["title"] == "Riverside Choices"
    assert Process.objects.get().title == "Riverside Choices"
