"""Letters to proposers: sent once the change has committed, in the process's own currency."""

from decimal import Decimal

import pytest
from django.core import mail

from budgeting import letters
from budgeting.models import Process, Project
from budgeting.proposals import services
from tests.conftest import set_phase


@pytest.fixture
def in_review(proposal):
    set_phase(proposal.process, "review")
    return proposal


def test_it_tells_the_proposer_a_review_decision_and_why(
    in_review, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(proposal=in_review, reviewer=moderator, decision="feasible",
                               public_reason="Parks will install them.")
    [letter] = mail.outbox
    assert letter.to == [in_review.author.email]
    assert letter.subject == f"Your idea “{in_review.title}” has been reviewed: feasible"
    assert "Parks will install them." in letter.body
    assert in_review.reference in letter.body


def test_it_asks_for_more_information_by_editing_the_idea(
    in_review, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(proposal=in_review, reviewer=moderator,
                               decision="needs_information",
                               public_reason="Which stretch of the path?")
    [letter] = mail.outbox
    assert "needs more information" in letter.subject
    assert "Which stretch of the path?" in letter.body and "My proposals" in letter.body


def test_the_private_note_never_reaches_the_proposer(
    in_review, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(proposal=in_review, reviewer=moderator, decision="not_feasible",
                               public_reason="It is private land.", private_note="Owner: Mr X")
    assert "Owner: Mr X" not in mail.outbox[0].body


def test_nothing_is_sent_when_the_review_is_rolled_back(in_review, moderator,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.review_record(proposal=in_review, reviewer=moderator, decision="feasible",
                               public_reason="Fine.")
    assert len(callbacks) == 1 and mail.outbox == []


def test_letters_quote_costs_in_the_process_currency(envelope, proposal):
    Process.objects.filter(pk=envelope.process_id).update(currency="PLN")
    proposal.refresh_from_db()
    project = Project.objects.create(envelope=proposal.envelope, title="Benches",
                                     summary="Benches.", cost=Decimal("4800"))
    project.proposals.set([proposal])
    [shortlisted] = letters.shortlisted(proposal, project, joined=False)
    [funded] = letters.funded(project)
    for letter in (shortlisted, funded):
        assert "4,800.00 PLN" in letter.body and "£" not in letter.body


def test_letters_go_out_from_a_worker_not_from_the_request(
    in_review, moderator, settings, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(proposal=in_review, reviewer=moderator, decision="feasible",
                               public_reason="Fine.")
    assert mail.outbox == []  # nothing sent while the page waits
    [queued] = default_task_backend.results
    assert queued.task.name == "send_letters"
    assert queued.kwargs["about"] == "a review"
