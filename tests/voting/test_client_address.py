"""The client's address, for rate limits: believed through trusted proxies, never from a header
the client wrote itself."""

import pytest
from django.test import RequestFactory

from voting.ratelimit import client_address


def request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_it_takes_the_peer_and_ignores_the_header(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_it_takes_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"


def test_an_address_the_client_wrote_itself_is_not_believed(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # The client sent "X-Forwarded-For: 6.6.6.6"; nginx appended the address it saw.
    assert client_address(request("127.0.0.1", "6.6.6.6, 198.51.100.1")) == "198.51.100.1"


def test_a_peer_that_is_not_a_trusted_proxy_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize("proxies", [["10.0.0.0/8"], ["10.0.0.1", "10.0.0.2"]])
def test_it_walks_back_through_a_chain_of_trusted_proxies(settings, proxies):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(request("10.0.0.1", "198.51.100.1, 10.0.0.2")) == "198.51.100.1"


def test_ipv6_proxies_and_clients(settings):
    settings.TRUSTED_PROXIES = ["::1"]
    assert client_address(request("::1", "2001:db8::5")) == "2001:db8::5"
