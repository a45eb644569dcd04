"""Delivery updates through the service: who may post, the rules an update meets, the audit
entry, and the emails to proposers (funded, delivered), sent only after the commit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from budgeting import letters as proposer_letters
from budgeting.delivery import services as svc
from budgeting.delivery.models import DeliveryUpdate
from budgeting.models import AuditEntry
from tests.budgeting.delivery.delivery_helpers import make_project
from tests.conftest import make_process, make_proposal

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")



@pytest.fixture
def project(envelope, proposal):
    return make_project(envelope, proposal)


def today():
    return timezone.localdate()


def post(project, staff, **changes):
    fields = {"status": "in_progress", "on": today(), "text": "Benches ordered."}
    fields.update(changes)
    return svc.delivery_update_post(staff=staff, project=project, **fields)


def test_it_posts_an_update_and_moves_the_project_on(project, moderator):
    update = post(project, moderator)
    project.refresh_from_db()
    assert project.delivery_status == "in_progress"
    assert (update.status, update.on, update.text, update.posted_by) == (
        "in_progress", today(), "Benches ordered.", moderator)
    assert list(project.updates.all()) == [update]


def test_a_process_admin_may_post_too(project, process_admin):
    post(project, process_admin, status="delivered", text="All ten benches are in.")
    project.refresh_from_db()
    assert project.delivery_status == "delivered"


@pytest.mark.parametrize("who", ["resident", "panel_member", "outside_moderator"])
def test_it_refuses_anyone_but_the_process_moderators_and_admins(project, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        post(project, user)
    assert not DeliveryUpdate.objects.exists()


def test_it_refuses_a_moderator_of_another_process(envelope, proposal, moderator):
    other = make_process(slug="hillside")
    other_envelope = other.envelopes.create(name="Hillside ward", amount=Decimal("1000"))
    elsewhere = make_project(other_envelope)
    with pytest.raises(PermissionDenied):
        post(elsewhere, moderator)


def test_it_refuses_an_update_on_an_unfunded_project(envelope, proposal, moderator):
    project = make_project(envelope, proposal, funded=False)
    with pytest.raises(ValidationError, match="has not been funded"):
        post(project, moderator)
    project.refresh_from_db()
    assert project.delivery_status == "not_started"
    assert not DeliveryUpdate.objects.exists()
    assert not AuditEntry.objects.filter(action="delivery.updated").exists()


def test_it_refuses_a_date_in_the_future(project, moderator):
    with pytest.raises(ValidationError) as refused:
        post(project, moderator, on=today() + timedelta(days=1))
    assert refused.value.message_dict == {"on": ["The date cannot be in the future."]}


def test_it_accepts_a_date_before_the_result_was_published(project, moderator):
    # Work can be recorded from before the count was published (an imported round, say).
    update = post(project, moderator, on=today() - timedelta(days=400))
    assert update.on == today() - timedelta(days=400)


def test_it_refuses_a_date_before_the_latest_update(project, moderator):
    post(project, moderator, on=today() - timedelta(days=3))
    with pytest.raises(ValidationError, match="cannot be before the latest update"):
        post(project, moderator, status="delivered", on=today() - timedelta(days=4))
    project.refresh_from_db()
    assert project.delivery_status == "in_progress"
    post(project, moderator, status="delivered", on=today() - timedelta(days=3))


def test_it_needs_the_text_of_the_update(project, moderator):
    with pytest.raises(ValidationError) as refused:
        post(project, moderator, text="   ")
    assert refused.value.message_dict == {"text": ["Enter the update."]}


def test_it_refuses_an_unknown_status(project, moderator):
    with pytest.raises(ValidationError) as refused:
        post(project, moderator, status="abandoned")
    assert "status" in refused.value.message_dict


def test_cancelling_needs_a_reason(project, moderator):
    with pytest.raises(ValidationError) as refused:
        post(project, moderator, status="cancelled", text="Stopped.", reason=" ")
    assert refused.value.message_dict == {"reason": ["Enter why the project was cancelled."]}
    update = post(project, moderator, status="cancelled", text="Stopped.",
                  reason="The landowner withdrew permission.")
    assert update.reason == "The landowner withdrew permission."
    project.refresh_from_db()
    assert project.delivery_status == "cancelled"


def test_a_reason_is_kept_only_for_a_cancelled_project(project, moderator):
    update = post(project, moderator, reason="Left over from a cancelled draft.")
    assert update.reason == ""


def test_it_reports_every_problem_at_once(project, moderator):
    with pytest.raises(ValidationError) as refused:
        post(project, moderator, status="cancelled", on=today() + timedelta(days=2), text="")
    assert set(refused.value.message_dict) == {"on", "text", "reason"}


def test_it_records_the_update_in_the_audit_log(project, moderator):
    update = post(project, moderator, status="cancelled", text="Stopped.", reason="No site.")
    entry = AuditEntry.objects.get(action="delivery.updated")
    assert entry.actor == moderator
    assert entry.process == project.envelope.process
    assert (entry.target_type, entry.target_id) == ("project", str(project.pk))
    assert entry.before == {"delivery_status": "not_started"}
    assert entry.after == {"delivery_status": "cancelled", "update": update.pk,
                           "on": today().isoformat(), "text": "Stopped.", "reason": "No site."}


def test_delivered_emails_each_proposer_after_the_commit(
    envelope, proposal, other_resident, moderator, django_capture_on_commit_callbacks
):
    second = make_proposal(envelope=envelope, author=other_resident, title="Seats by the weir")
    project = make_project(envelope, proposal, second)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(project, moderator, status="delivered", text="All ten benches are in.")
        assert mail.outbox == []  # nothing leaves before the update is committed
    assert len(callbacks) == 1
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"eilidh@example.com", "tom@example.com"}
    letter = by_recipient["eilidh@example.com"]
    assert letter.subject == "Your idea “Benches along the river path” has been delivered"
    assert "Hello Eilidh" in letter.body and proposal.reference in letter.body
    assert "“Benches on the river path” in Riverside ward is done" in letter.body
    assert by_recipient["tom@example.com"].subject == (
        "Your idea “Seats by the weir” has been delivered")


def test_only_becoming_delivered_sends_email(
    project, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(project, moderator, status="in_progress")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        post(project, moderator, status="delivered", text="Done.")
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        post(project, moderator, status="delivered", text="The plaque is up as well.")
    assert len(mail.outbox) == 1


def test_a_failing_email_backend_does_not_lose_the_update(
    project, moderator, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        update = post(project, moderator, status="delivered", text="Done.")
    project.refresh_from_db()
    assert project.delivery_status == "delivered"
    assert DeliveryUpdate.objects.get() == update
    assert AuditEntry.objects.filter(action="delivery.updated").count() == 1
    assert "Could not send letter 1 of 1 about a delivered project" in caplog.text
    assert "eilidh@example.com" not in caplog.text  # logs never hold an address


def test_notify_funded_tells_the_proposers_of_funded_projects(
    envelope, proposal, other_resident, django_capture_on_commit_callbacks
):
    funded = make_project(envelope, proposal)
    lost = make_project(envelope, make_proposal(envelope=envelope, author=other_resident),
                        funded=False, title="Floodlights")
    with django_capture_on_commit_callbacks(execute=True):
        sent = proposer_letters.notify_funded(projects=[funded, lost])
    assert sent == 1
    [letter] = mail.outbox
    assert letter.to == ["eilidh@example.com"]
    assert letter.subject == "Your idea “Benches along the river path” has been funded"
    assert "“Benches on the river path” in Riverside ward" in letter.body
    assert "£8,000.00" in letter.body


def test_notify_funded_survives_a_failing_email_backend(
    project, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        assert proposer_letters.notify_funded(projects=[project]) == 1
    assert "Could not send letter 1 of 1 about a funded project" in caplog.text
    assert "eilidh@example.com" not in caplog.text


def test_letters_funded_has_one_letter_per_proposal(envelope, proposal, other_resident):
    second = make_proposal(envelope=envelope, author=other_resident, title="Seats by the weir")
    project = make_project(envelope, proposal, second)
    letters = proposer_letters.funded(project)
    assert [(to, subject) for to, subject, *_rest in letters] == [
        ("eilidh@example.com", "Your idea “Benches along the river path” has been funded"),
        ("tom@example.com", "Your idea “Seats by the weir” has been funded"),
    ]
