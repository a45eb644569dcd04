"""Limits on guessing voting codes: a fixed window per client address, counted atomically.

A guess is counted *before* the code is looked up, so however many requests arrive at once, no
more than the limit of wrong codes is ever tried in a window; a code that turns out right gives
its count back. In production the counters live in Redis (INCR, with the window's expiry set
by the first guess), shared by every app server and worker. With DEBUG on and no REDIS_URL they
live in this process, for trying Kist on one machine.
"""

import functools
import ipaddress

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Wrong voting codes typed on the web pages and sent to the API count against one allowance.
CODE_SCOPE = "code"
# Seconds a client is asked to wait when the counters cannot be reached.
RETRY_AFTER_UNAVAILABLE = 30


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


class Limited(Exception):
    """Too many wrong codes from this address in this window."""


class Unavailable(Exception):
    """The counters cannot be reached: no guess may be tried until they can."""


def reserve(*, scope: str, who: str) -> int:
    """Count a guess before it is tried; Limited if it would be one too many. How many guesses
    this address has left after this one, if it is wrong."""
    key = f"rl:{scope}:{who}"
    count = _counter().hit(key, settings.VOTING_CODE_WINDOW_SECONDS)
    if count > settings.VOTING_CODE_ATTEMPTS:
        raise Limited()
    return settings.VOTING_CODE_ATTEMPTS - count


def release(*, scope: str, who: str) -> None:
    """The guess was a real code: it does not count against the address."""
    _counter().give_back(f"rl:{scope}:{who}")


class RedisCounter:
    def __init__(self, url: str) -> None:
        # Short timeouts: a vote should fail fast with a 503, not hang, when Redis is away.
        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)

    def hit(self, key: str, window: int) -> int:
        try:
            with self.client.pipeline() as pipe:
                count, _expiry = pipe.incr(key).expire(key, window, nx=True).execute()
        except redis.RedisError as error:
            raise Unavailable() from error
        return count

    def give_back(self, key: str) -> None:
        try:
            self.client.decr(key)
        except redis.RedisError as error:
            raise Unavailable() from error


class LocalCounter:
    """The same counts in Django's in-process cache (DEBUG without Redis): each worker counts
    alone. Its add and incr hold the cache's lock, so counting is still atomic within one."""

    def hit(self, key: str, window: int) -> int:
        for _ in range(2):
            cache.add(key, 0, timeout=window)
            try:
                return cache.incr(key)
            except ValueError:
                continue  # the window ended between the two calls
        return cache.incr(key)

    def give_back(self, key: str) -> None:
        try:
            cache.decr(key)
        except ValueError:
            pass  # the window has ended anyway


@functools.cache
def _counter_for(url: str) -> RedisCounter | LocalCounter:
    return RedisCounter(url) if url else LocalCounter()


def _counter() -> RedisCounter | LocalCounter:
    return _counter_for(settings.RATE_LIMIT_REDIS_URL)
