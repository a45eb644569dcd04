"""The public "how voting works" page: reached from every page's footer, readable on a phone,
and accessible at 1280 and 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from voting.mixing import MIX_AT_LEAST

pytestmark = pytest.mark.browser


def test_a_resident_reads_how_their_vote_is_kept_secret(live_server, page, db):
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="How voting works").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How voting works and how your vote is kept secret")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="What we promise")).to_be_visible()
    expect(main.get_by_role("heading", name="What we cannot promise")).to_be_visible()
    expect(main).to_contain_text(f"guessing among at least {MIX_AT_LEAST} ballots")
    expect(main).to_contain_text("Someone who controls a running voting server")
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    main.get_by_role("link", name="Check your receipt reference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check that your ballot has been counted")
