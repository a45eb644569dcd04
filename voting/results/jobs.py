"""Counting in the background: an admin asks for a count, a worker carries it out.

`count_request` checks, records a job and queues it, in the admin's request, in well under a
second. `count_run` is the worker's side: it claims the job, counts (voting.results.services
.tally_count, which holds the envelope's lock only to freeze the result), and records how it
ended. A worker that dies leaves its job running without a heartbeat; the next request for
that envelope marks it failed, with a reason, and counts afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.audit import audit_record
from budgeting.models import Envelope
from budgeting.permissions import check_process_admin
from voting.results.models import CountJob
from voting.results.services import check_can_count, tally_count

Status = CountJob.Status
HEARTBEAT_SECONDS = 10
# A running job silent for this long has lost its worker.
STALE_AFTER = timedelta(seconds=60)


def is_stale(job: CountJob) -> bool:
    """Whether a running job's worker has stopped beating (it died, or its machine did)."""
    beat = job.heartbeat_at or job.started_at
    return job.status == Status.RUNNING and (beat is None
                                             or beat < timezone.now() - STALE_AFTER)


@transaction.atomic
def count_request(*, admin: User, envelope: Envelope) -> CountJob:
    """Queue a count of `envelope`; a count already queued or running is the answer instead."""
    envelope = Envelope.objects.select_for_update().select_related("process").get(pk=envelope.pk)
    check_process_admin(user=admin, process=envelope.process)
    check_can_count(envelope=envelope)
    active = CountJob.objects.filter(envelope=envelope, status__in=CountJob.ACTIVE).first()
    if active is not None and is_stale(active):
        _end(active, status=Status.FAILED, reason=_(
            "The worker counting it stopped before it finished. Nothing was frozen."))
        active = None
    if active is not None:
        return active
    job = CountJob.objects.create(envelope=envelope, requested_by=admin)
    audit_record(actor=admin, process=envelope.process, action="tally.count_requested",
                 target=envelope, after={"job": job.pk})
    # Queued in this transaction: the job and its task are stored together or not at all.
    # (Imported here: the task module imports this one.)
    from voting.results.tasks import count_envelope

    count_envelope.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def count_run(*, job_id: int) -> None:
    """The worker's side: count, and record how it ended. A job already taken is left alone."""
    job = _claim(job_id)
    if job is None:
        return
    try:
        with _heartbeat(job):
            tally, new = tally_count(admin=job.requested_by, envelope=job.envelope,
                                     progress=lambda step: _step(job, step))
    except ValidationError as refused:
        _end(job, status=Status.FAILED, reason=" ".join(refused.messages))
        return
    except Exception as error:
        _end(job, status=Status.FAILED, reason=_(
            "The count stopped with an error (%(error)s). Nothing was frozen; count again.")
            % {"error": type(error).__name__})
        raise
    _end(job, status=Status.DONE, tally=tally, made_new=new)


@transaction.atomic
def _claim(job_id: int) -> CountJob | None:
    job = (CountJob.objects.select_for_update().select_related("envelope", "requested_by")
           .filter(pk=job_id, status=Status.QUEUED).first())
    if job is None:
        return None
    now = timezone.now()
    job.status, job.started_at, job.heartbeat_at = Status.RUNNING, now, now
    job.save(update_fields=["status", "started_at", "heartbeat_at"])
    return job


def _step(job: CountJob, step: str) -> None:
    CountJob.objects.filter(pk=job.pk).update(step=step[:200], heartbeat_at=timezone.now())


def _end(job: CountJob, *, status: str, reason: str = "", tally=None, made_new: bool = False
         ) -> None:
    CountJob.objects.filter(pk=job.pk).update(
        status=status, reason=reason, tally=tally, made_new=made_new,
        finished_at=timezone.now(), heartbeat_at=timezone.now())


@contextmanager
def _heartbeat(job: CountJob) -> Iterator[None]:
    """Beat every few seconds while a rule runs for minutes without a word.

    Inside a transaction (a count run at once, as the tests do) no other connection could see
    the job, so there is nothing to beat for.
    """
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                CountJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
                    heartbeat_at=timezone.now())
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=beat, name=f"count-job-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
