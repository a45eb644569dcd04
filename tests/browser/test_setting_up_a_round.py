"""A council officer's whole job from Kist's own pages, in Chromium: from an empty database with
one council admin, set up a round with two budgets and two partners, invite a moderator and two
panel members of two partners (they accept from the emailed link), publish it, and the public
sees it. axe at 1280 and 320 px on every page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from budgeting.models import Membership, Partner, Process
from tests.browser.conftest import assert_accessible_at_both_widths, sign_in
from tests.budgeting.accounts.mail_links import link_in, sent_to
from tests.conftest import give_second_factor, make_user

pytestmark = pytest.mark.browser


def test_a_council_admin_sets_up_invites_and_publishes_a_round(live_server, page, new_page,
                                                              db):
    officer = make_user("officer@council.example", "Morag")
    officer.user_permissions.add(Permission.objects.get(codename="add_process"))
    give_second_factor(officer)
    Partner.objects.create(name="Riverside Council", kind=Partner.Kind.COUNCIL)
    base = live_server.url
    sign_in(page, base, officer.email)

    page.get_by_role("link", name="Set up rounds").click()
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Start a new round").click()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Name of the round").fill("Riverside Choices 2028")
    page.get_by_role("button", name="Start the round as a draft").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the area the round covers.")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Area it covers").fill("Riverside ward")
    start = timezone.localdate() + timedelta(days=1)
    for label, days in [("Ideas open on", 0), ("Review starts on", 20),
                        ("Shortlisting starts on", 40), ("Voting opens on", 60),
                        ("Voting closes on", 80)]:
        page.get_by_label(label).fill((start + timedelta(days=days)).isoformat())
    page.get_by_label("Run by").select_option(label="Riverside Council")
    page.get_by_role("button", name="Start the round as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the round")
    expect(page.get_by_role("region", name="Before it can be published")).to_contain_text(
        "Add at least one budget")
    assert_accessible_at_both_widths(page)

    for name, amount, youth in [("Riverside ward", "£50,000", False),
                                ("Youth budget", "10,000", True)]:
        page.get_by_role("link", name="Add a budget").click()
        page.get_by_label("Name of the budget").fill(name)
        page.get_by_label("Amount").fill(amount)
        page.get_by_label("Postcode areas").fill("RV1, RV2")
        if youth:
            page.get_by_label("Oldest age that may vote (optional)").fill("25")
        page.get_by_label("Capital", exact=True).check()
        page.get_by_label("Financial year (optional)").fill("2028/29")
        assert_accessible_at_both_widths(page)
        page.get_by_role("button", name="Save the budget").click()
        expect(page.get_by_role("status")).to_contain_text(f"{name} is saved")

    page.get_by_role("link", name="Change the partners").click()
    page.get_by_label("Add a partner not listed (optional)").fill("Riverside Trust")
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Save the partners").click()

    page.get_by_role("link", name="Invite staff").click()
    invites = [("iain@council.example", "Moderator", "Riverside Council"),
               ("callum@council.example", "Panel member", "Riverside Council"),
               ("fiona@trust.example", "Panel member", "Riverside Trust")]
    for email, role, partner in invites:
        page.get_by_label("Their email address").fill(email)
        page.get_by_label(role, exact=True).check()
        page.get_by_label("For which partner").select_option(label=partner)
        page.get_by_role("button", name="Send the invitation").click()
        expect(page.get_by_role("status")).to_contain_text(f"on its way to {email}")
    assert_accessible_at_both_widths(page)

    for email, _role, _partner in invites:
        invitee = new_page()
        invitee.goto(base + link_in(sent_to(email)[-1], "/invitations/"))
        invitee.get_by_label("Your name").fill(email.split("@")[0].title())
        invitee.get_by_label("Create a password").fill("tide-marram-beacon-7")
        invitee.get_by_label("Type the password again").fill("tide-marram-beacon-7")
        invitee.get_by_role("button", name="Create my account and accept").click()
        expect(invitee.get_by_role("main")).to_contain_text("Staff accounts need a second")
    assert Membership.objects.filter(process__slug="riverside-choices-2028").count() == 4

    page.goto(f"{base}/p/riverside-choices-2028/setup/")
    assert_accessible_at_both_widths(page)
    public = new_page()
    public.goto(f"{base}/p/riverside-choices-2028/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("button", name="Publish the round").click()
    expect(page.get_by_role("status")).to_contain_text("is published")
    public.reload()
    expect(public.get_by_role("heading", level=1)).to_have_text("Riverside Choices 2028")
    assert_accessible_at_both_widths(public)
    assert not Process.objects.get().is_draft
