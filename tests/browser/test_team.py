"""A round's team in Chromium: a process admin invites a moderator of another partner, who
accepts from the emailed link, chooses a password and is asked for a second factor before any
staff page. axe at 1280 and 320 px on every page."""

import pytest
from playwright.sync_api import expect

from budgeting.models import Membership
from tests.browser.conftest import assert_accessible_at_both_widths, sign_in
from tests.budgeting.accounts.mail_links import link_in, sent_to

pytestmark = pytest.mark.browser


def test_a_process_admin_invites_a_moderator_who_accepts(live_server, page, new_page, process,
                                                        council, outsider_partner,
                                                        process_admin):
    process.partners.add(outsider_partner)
    base = live_server.url
    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/")
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Their email address").fill("hugh@hillside")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose a role.")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Their email address").fill("hugh@hillside.example")
    page.get_by_label("Moderator").check()
    page.get_by_label("For which partner").select_option(label="Hillside Trust")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("The invitation is on its way")
    expect(page.get_by_role("main")).to_contain_text("Invitations waiting")

    invitee = new_page()
    invitee.goto(base + link_in(sent_to("hugh@hillside.example")[-1], "/invitations/"))
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Your invitation")
    assert_accessible_at_both_widths(invitee)
    invitee.get_by_label("Your name").fill("Hugh")
    invitee.get_by_label("Create a password").fill("tide-marram-beacon-7")
    invitee.get_by_label("Type the password again").fill("tide-marram-beacon-7")
    invitee.get_by_role("button", name="Create my account and accept").click()
    # Staff set up a second factor before anything else.
    expect(invitee.get_by_role("main")).to_contain_text("You are now Moderator for Hillside")
    expect(invitee.get_by_role("main")).to_contain_text("Staff accounts need a second factor")
    assert "/account/2fa/" in invitee.url
    assert_accessible_at_both_widths(invitee)
    assert Membership.objects.filter(user__email="hugh@hillside.example", process=process,
                                     partner=outsider_partner, role="moderator").exists()

    page.reload()
    expect(page.get_by_role("table")).to_contain_text("hugh@hillside.example")
