"""A fixed-window counter in the cache (Redis in production, shared by every app server)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Wrong voting codes typed on the web pages and sent to the API count against one allowance.
CODE_SCOPE = "code"


def client_address(request: HttpRequest) -> str:
    # Behind a proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "unknown")


def is_limited(*, scope: str, who: str) -> bool:
    limit = settings.VOTING_CODE_ATTEMPTS
    return (cache.get(f"rl:{scope}:{who}") or 0) >= limit


def record_failure(*, scope: str, who: str) -> None:
    key = f"rl:{scope}:{who}"
    if cache.add(key, 1, timeout=settings.VOTING_CODE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=settings.VOTING_CODE_WINDOW_SECONDS)
