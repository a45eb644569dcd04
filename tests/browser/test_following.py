"""Following in a real browser: a resident follows an idea in place, asks the round for vote
reminders, and stops an email from the link it carried. Each page passes axe at both widths."""

import pytest
from playwright.sync_api import expect

from budgeting.following.models import Follow, ReminderRequest
from budgeting.following.services import follow
from budgeting.following.unsubscribe import link_for
from tests.browser.conftest import assert_accessible_at_both_widths, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_resident_follows_an_idea_and_stops_it_from_the_email_link(
        live_server, page, proposal, other_resident, settings):
    settings.SITE_URL = live_server.url
    sign_in(page, live_server.url, other_resident.email, PASSWORD)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.evaluate("window.kistNoReload = true")
    page.get_by_role("button", name="Follow this idea").click()
    expect(page.locator("#follow")).to_contain_text("You follow this idea")
    expect(page.get_by_role("button", name="Stop following")).to_be_focused()
    assert page.evaluate("window.kistNoReload") is True
    assert Follow.objects.filter(user=other_resident, proposal=proposal).exists()
    assert_accessible_at_both_widths(page)

    page.goto(link_for(user_id=other_resident.pk, what="follow", pk=proposal.pk))
    expect(page.get_by_role("heading", name="Stop emails")).to_be_visible()
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_text("You will get no more emails about")).to_be_visible()
    assert not Follow.objects.exists()
    assert_accessible_at_both_widths(page)

    follow(user=other_resident, proposal=proposal)
    page.goto(live_server.url + "/account/emails/")
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name=f"Stop following {proposal.title}").click()
    expect(page.get_by_role("status")).to_contain_text("You no longer follow")
    assert not Follow.objects.exists()


def test_a_resident_asks_for_vote_reminders_without_javascript(live_server, new_page, process,
                                                               resident):
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server.url, resident.email, PASSWORD)
    page.goto(live_server.url + process.get_absolute_url())
    page.get_by_role("button", name="Remind me to vote").click()
    expect(page.get_by_role("status")).to_contain_text("We will email you when voting opens")
    expect(page.get_by_role("button", name="Stop reminders")).to_be_visible()
    assert ReminderRequest.objects.filter(user=resident, process=process).exists()


def test_the_round_page_with_its_reminders_passes_axe(live_server, page, process, resident):
    sign_in(page, live_server.url, resident.email, PASSWORD)
    page.goto(live_server.url + process.get_absolute_url())
    expect(page.get_by_role("heading", name="Reminders to vote")).to_be_visible()
    assert_accessible_at_both_widths(page)
