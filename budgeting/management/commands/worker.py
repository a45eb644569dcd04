"""`manage.py worker`: django-tasks-db's `db_worker`, beating a heartbeat for /healthz.

Counts, letters and other background jobs run here. The heartbeat is written to the shared
cache every few seconds, idle or busy, so a load balancer or a person can see that a worker
is alive even when no job has come in for hours.
"""

import threading

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from config.health import HEARTBEAT_SECONDS, worker_beat


class Command(DbWorker):
    help = "Run background jobs (counts, letters), beating a heartbeat for /healthz."

    def handle(self, *args, **options) -> None:
        stop = threading.Event()

        def keep_beating() -> None:
            while True:
                try:
                    worker_beat()
                except Exception:  # the cache is away: /healthz says so on its own
                    pass
                if stop.wait(HEARTBEAT_SECONDS):
                    return

        threading.Thread(target=keep_beating, name="worker-heartbeat", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
