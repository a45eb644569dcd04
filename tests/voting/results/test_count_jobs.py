"""Counting in the background: queued, running, done or failed; asked twice, run once; a
worker that dies leaves the envelope countable; the count holds no lock while it counts."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from budgeting.models import AuditEntry
from tests.conftest import set_phase
from tests.voting.results.results_setup import approvals, cast_with_codes, close_voting
from tests.voting.staff.staff_setup import voting_round
from voting.results import jobs
from voting.results import services as results
from voting.results.models import CountJob, Tally

Status = CountJob.Status
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def countable(envelope):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    cast_with_codes(envelope, approvals(projects[:2], projects[1:], [projects[0]]))
    close_voting(envelope.process)
    return envelope


@pytest.fixture
def no_worker(settings):
    """Jobs wait in the queue, as they do until a worker takes them."""
    settings.TASKS = DUMMY


def _count(client, envelope):
    return client.post(reverse("results_count", args=[envelope.process.slug, envelope.pk]))


def _staff_page(client, envelope) -> str:
    return client.get(reverse("results_staff", args=[envelope.process.slug])).content.decode()


def test_asking_for_a_count_answers_at_once_and_the_page_follows_it(
    client, countable, process_admin, no_worker
):
    client.force_login(process_admin)
    response = _count(client, countable)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#envelope-{countable.pk}")
    job = CountJob.objects.get()
    assert job.status == Status.QUEUED and not Tally.objects.exists()
    page = _staff_page(client, countable)
    assert "Queued" in page and "waiting for a worker" in page
    status_url = reverse("results_count_status", args=[countable.process.slug, countable.pk])
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert "Check again" in page  # without JavaScript, a link does the same
    assert AuditEntry.objects.filter(action="tally.count_requested").exists()


def test_a_count_asked_for_twice_runs_once(client, countable, process_admin, no_worker):
    client.force_login(process_admin)
    _count(client, countable)
    _count(client, countable)
    assert CountJob.objects.count() == 1
    job = CountJob.objects.get()
    jobs.count_run(job_id=job.pk)
    jobs.count_run(job_id=job.pk)  # a second delivery of the same task does nothing
    assert Tally.objects.count() == 1
    job.refresh_from_db()
    assert job.status == Status.DONE and job.made_new and job.tally.number == 1
    fragment = client.get(reverse("results_count_status",
                                  args=[countable.process.slug, countable.pk])).content.decode()
    assert "Done" in fragment and "Check count 1" in fragment and "hx-get" not in fragment


def test_the_database_refuses_two_active_counts_of_one_envelope(countable, process_admin):
    CountJob.objects.create(envelope=countable, requested_by=process_admin)
    with pytest.raises(IntegrityError):
        CountJob.objects.create(envelope=countable, requested_by=process_admin,
                                status=Status.RUNNING)


@pytest.mark.django_db(transaction=True)
def test_the_count_holds_no_transaction_while_it_counts(countable, process_admin, settings,
                                                        monkeypatch):
    settings.TASKS = DUMMY
    job = jobs.count_request(admin=process_admin, envelope=countable)
    seen = []
    real = results.count_election

    def watch(**kwargs):
        seen.append(connection.in_atomic_block)
        return real(**kwargs)

    monkeypatch.setattr(results, "count_election", watch)
    jobs.count_run(job_id=job.pk)
    assert seen and not any(seen)
    job.refresh_from_db()
    assert job.status == Status.DONE and job.step == "Freezing the count"


def test_a_count_that_breaks_is_failed_with_a_reason_and_can_be_asked_again(
    client, countable, process_admin, no_worker, monkeypatch
):
    client.force_login(process_admin)
    _count(client, countable)
    job = CountJob.objects.get()

    def broken(**kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(results, "count_election", broken)
    with pytest.raises(MemoryError):
        jobs.count_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and "MemoryError" in job.reason
    assert "Failed" in _staff_page(client, countable)
    assert not Tally.objects.exists()
    monkeypatch.undo()
    _count(client, countable)
    assert CountJob.objects.filter(status=Status.QUEUED).count() == 1


def test_a_count_refused_by_the_rules_says_why(countable, process_admin, settings):
    settings.TASKS = DUMMY
    job = jobs.count_request(admin=process_admin, envelope=countable)
    set_phase(countable.process, "voting")  # voting opens again before a worker starts
    jobs.count_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and "has not closed yet" in job.reason


def test_a_worker_that_died_leaves_the_envelope_countable_again(
    client, countable, process_admin, no_worker
):
    client.force_login(process_admin)
    long_ago = timezone.now() - timedelta(minutes=5)
    dead = CountJob.objects.create(envelope=countable, requested_by=process_admin,
                                   status=Status.RUNNING, started_at=long_ago,
                                   heartbeat_at=long_ago, step="Counting under greedy")
    assert "The worker counting it stopped" in _staff_page(client, countable)
    _count(client, countable)
    dead.refresh_from_db()
    assert dead.status == Status.FAILED and "stopped before it finished" in dead.reason
    assert CountJob.objects.filter(status=Status.QUEUED).exclude(pk=dead.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_carries_a_queued_count_out(countable, process_admin, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    job = jobs.count_request(admin=process_admin, envelope=countable)
    assert job.status == Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker",
                 verbosity=0)
    job.refresh_from_db()
    assert job.status == Status.DONE and job.tally is not None
