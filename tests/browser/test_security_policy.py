"""The Content Security Policy: Kist's own scripts and styles only, inline ones by nonce, and
every page still works under it (the browser fixtures fail on any violation)."""

import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_pages_send_a_policy_without_unsafe_inline(page, live_server, db):
    response = page.goto(live_server.url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    # htmx is loaded with the page's nonce (browsers hide it from the DOM, so read the HTML).
    assert f'nonce="{nonce}"' in response.text()
    # A page's nonce is new every time.
    again = page.goto(live_server.url + "/").headers["content-security-policy"]
    assert re.search(r"'nonce-([^']+)'", again).group(1) != nonce
    assert_accessible(page)


def test_the_api_docs_run_under_the_policy(page, live_server, db):
    page.goto(live_server.url + "/api/docs/")
    # Swagger UI draws the operations from the schema: its script ran.
    page.get_by_text("/api/v1/processes/", exact=True).first.wait_for()
    assert page.locator("script:not([src])").count() == 0
