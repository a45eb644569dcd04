"""`manage.py worker`: django-tasks-db's `db_worker`, beating a heartbeat for /healthz and
mixing the ballot box.

Counts, letters and other background jobs run here. The heartbeat is written to the shared
cache every few seconds, idle or busy, so a load balancer or a person can see that a worker
is alive even when no job has come in for hours. Personal data past PERSONAL_DATA_DAYS is purged
daily; the vote reminders residents asked for go out when a round's voting opens and in its
last days. The ballot box is swept every voting.mixing.MIX_EVERY_SECONDS, so sealed ballots wait
minutes at most to be mixed; several workers may sweep at once (each envelope is mixed by one
of them at a time, and each reminder is sent by one).
"""

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from budgeting.accounts.personal_data import purge_personal_data
from budgeting.following.reminders import REMIND_EVERY_SECONDS, reminders_sweep
from config.health import HEARTBEAT_SECONDS, worker_beat
from voting.mixing import MIX_EVERY_SECONDS, ballot_box_sweep
from voting.monitoring.services import answers_sweep

log = logging.getLogger(__name__)
# Personal data past its time is removed once a day (and when the worker starts).
PURGE_EVERY_SECONDS = 24 * 60 * 60


def _every(seconds: float, stop: threading.Event, work: Callable[[], object]) -> None:
    while True:
        try:
            work()
        except Exception:  # the database or cache is away: /healthz says so on its own
            log.exception("worker: %s failed", work.__name__)
        if stop.wait(seconds):
            return


def _purge() -> None:
    close_old_connections()
    try:
        purge_personal_data(days=settings.PERSONAL_DATA_DAYS)
    finally:
        connection.close()


def _remind() -> None:
    close_old_connections()
    try:
        reminders_sweep()
    finally:
        connection.close()


def _sweep() -> None:
    close_old_connections()
    try:
        ballot_box_sweep()
        answers_sweep()
    finally:
        connection.close()


class Command(DbWorker):
    help = ("Run background jobs (counts, letters), mix the ballot box, and beat a heartbeat "
            "for /healthz.")

    def handle(self, *args, **options) -> None:
        stop = threading.Event()
        for name, seconds, work in (("worker-heartbeat", HEARTBEAT_SECONDS, worker_beat),
                                    ("ballot-box-mixer", MIX_EVERY_SECONDS, _sweep),
                                    ("personal-data-purge", PURGE_EVERY_SECONDS, _purge),
                                    ("vote-reminders", REMIND_EVERY_SECONDS, _remind)):
            threading.Thread(target=_every, args=(seconds, stop, work), name=name,
                             daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
