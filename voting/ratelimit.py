"""A fixed-window counter in the cache (Redis in production, shared by every app server)."""

import functools
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Wrong voting codes typed on the web pages and sent to the API count against one allowance.
CODE_SCOPE = "code"


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent the request, as seen through the proxies we trust.

    X-Forwarded-For is read from the nearest hop back, and only past proxies named in
    TRUSTED_PROXIES: the first address that is not one of ours is the client. Anything further
    left was written by the client itself, so it is never believed.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    if not trusted:
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in forwarded if hop] + [remote]
    for hop in reversed(chain):
        address = _address(hop)
        if address is None or not any(address in network for network in trusted):
            return hop
    return chain[0]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


@functools.cache
def _networks(names: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(name, strict=False) for name in names)


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
