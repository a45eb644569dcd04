"""/healthz for load balancers: can this app server reach what a vote needs?

200 when the database and the cache answer; 503 (with what failed) when either does not, so a
load balancer stops sending voters to a server that would only fail them. It also says when a
background worker was last seen (`manage.py worker`) and how many jobs wait. It names
components and counts, and reads no personal data.
"""

import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set("healthz", time.time(), timeout=60)
    if cache.get("healthz") is None:
        raise RuntimeError("the cache did not keep a value")


CHECKS = {"database": _database, "cache": _cache}


# A worker (`manage.py worker`) writes the time here every HEARTBEAT_SECONDS, idle or busy.
HEARTBEAT_KEY = "worker:heartbeat"
HEARTBEAT_SECONDS = 10


def worker_beat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), timeout=HEARTBEAT_SECONDS * 30)


def _background() -> dict:
    """What the workers are doing: reported, never failing this app server (it can still take
    votes while the workers are away)."""
    from django_tasks_db.models import DBTaskResult  # a model: importable once apps are ready

    try:
        beat = cache.get(HEARTBEAT_KEY)
        waiting = DBTaskResult.objects.ready().count()
    except Exception:
        return {"worker_seen_seconds_ago": None, "jobs_waiting": None}
    return {"worker_seen_seconds_ago": None if beat is None else round(time.time() - beat),
            "jobs_waiting": waiting}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means the same to a load balancer: not this server
            status[name] = "failing"
        else:
            status[name] = "ok"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **status, **_background()},
                        status=200 if healthy else 503)
