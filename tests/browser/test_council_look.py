"""A council admin gives the site the council's look and words, in Chromium; axe at 1280 and
320 px on every page visited."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_at_both_widths, sign_in
from tests.conftest import give_second_factor, make_user

pytestmark = pytest.mark.browser


def test_a_council_admin_sets_the_look_and_the_contact_page(live_server, page, db):
    officer = make_user("officer@council.example", "Morag")
    officer.user_permissions.add(Permission.objects.get(codename="add_process"))
    give_second_factor(officer)
    base = live_server.url
    sign_in(page, base, officer.email)
    page.get_by_role("link", name="Set up rounds").click()
    page.get_by_role("link", name="The council's look and pages").click()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Council's name").fill("Riverside Council")
    page.get_by_label("Header colour").fill("#ffdd00")
    page.get_by_role("button", name="Save the look").click()
    expect(page.locator(".error-summary")).to_contain_text("must be at least 4.5 to 1")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Header colour").fill("#2b1a4f")
    page.get_by_label("Footer links (optional)").fill(
        "Council website | https://www.riverside.example")
    page.get_by_role("button", name="Save the look").click()
    expect(page.get_by_role("status")).to_contain_text("The council's look is saved")
    expect(page.locator(".header__tag")).to_have_text("Riverside Council")
    page.get_by_role("link", name="Change the Contact page").click()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Text", exact=True).fill("## Write to us\n\nCommunity team, 1 High Street")
    page.get_by_role("button", name="Save the page").click()
    page.get_by_role("contentinfo").get_by_role("link", name="Contact").click()
    expect(page.get_by_role("heading", name="Write to us")).to_be_visible()
    assert_accessible_at_both_widths(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    assert_accessible_at_both_widths(page)
    page.goto(f"{base}/setup/return/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual PB return")
    assert_accessible_at_both_widths(page)
    page.goto(f"{base}/setup/")
    page.get_by_role("link", name="Audit log of the council's settings and accounts").click()
    expect(page.get_by_role("heading", name="Changed the council's look")).to_be_visible()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Action").select_option(label="Changed a standing page")
    page.get_by_role("button", name="Show these entries").click()
    expect(page.get_by_role("heading", name="Changed a standing page")).to_be_visible()
    expect(page.get_by_role("heading", name="Changed the council's look")).to_have_count(0)
    assert_accessible_at_both_widths(page)
