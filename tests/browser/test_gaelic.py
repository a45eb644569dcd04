"""Kist in Gaelic, in Chromium: a process admin writes the round's words in Gàidhlig beside the
English, a resident switches language from the header and votes, and every page they see is in
Gaelic (<html lang="gd">) with the round's own Gaelic words. axe checks each page, in both
languages, at 1280 and 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_at_both_widths, sign_in, sign_out
from tests.conftest import make_user
from tests.voting.casting.page_helpers import make_ballot

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def clear_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_a_round_in_gaelic_from_its_words_to_the_vote(live_server, page, process_admin):
    envelope, projects = make_ballot(process=process_admin.memberships.get().process,
                                     ballot_type="knapsack")
    from tests.conftest import set_phase

    process = set_phase(envelope.process, "voting")
    base = live_server.url

    # The process admin writes the round's words in Gaelic, with the English beside each.
    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/setup/")
    page.get_by_role("link", name="The round's words in Gàidhlig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The round's words in Gàidhlig")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Title – The round").fill("Roghainnean Coimhearsnachd Riverside")
    page.get_by_label(f"Name – Budget: {envelope.name}").fill("Uàrd Riverside")
    page.get_by_label(f"Title – Project: {projects[0].title}").fill(
        "Beingean ri taobh na h-aibhne")
    page.get_by_role("button", name="Save the words in Gàidhlig").click()
    expect(page.get_by_role("status")).to_contain_text("The words in Gàidhlig are saved.")
    sign_out(page)

    # A resident switches to Gaelic from the header; the choice follows them.
    resident = make_user("morag@example.com", "Morag")
    sign_in(page, base, resident.email)
    page.goto(base + process.get_absolute_url())
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Gàidhlig").click()
    expect(page.locator("html")).to_have_attribute("lang", "gd")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Roghainnean Coimhearsnachd Riverside")
    assert_accessible_at_both_widths(page)
    page.get_by_role("main").get_by_role("link", name="Bhòt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bhòt airson nam pròiseactan a tha thu ag iarraidh")
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Bhòt air loidhne").click()
    page.get_by_label("D' ainm slàn").fill("Morag Sinclair")
    page.get_by_label("Do cheann-latha breith").fill("27 3 1990")
    page.get_by_label("Do chòd-puist").fill("RV1 2AB")
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Lean air adhart").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uàrd Riverside")
    expect(page.get_by_label("Beingean ri taobh na h-aibhne")).to_be_visible()
    # Where no Gaelic was written, the English stands in.
    expect(page.get_by_label(projects[1].title)).to_be_visible()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Beingean ri taobh na h-aibhne").check()
    page.get_by_role("button", name="Lean air adhart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thoir sùil air na roghainnean agad")
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Cuir a-steach do bhòt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chaidh do bhòt a chur a-steach")
    expect(page.locator("html")).to_have_attribute("lang", "gd")
    assert_accessible_at_both_widths(page)

    # The language statement, in Gaelic, and back to English from the header.
    page.get_by_role("contentinfo").get_by_role("link", name="Cànanan").click()
    assert_accessible_at_both_widths(page)
    page.get_by_role("navigation", name="Cànan").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Languages")
    assert_accessible_at_both_widths(page)
