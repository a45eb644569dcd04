"""Accounts in a real browser: signing up confirms the email address, a staff member sets up an
authenticator app before any staff page and then signs in with its code, and a password is
reset by email. Every page passes axe at 1280 px and at 320 px."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_at_both_widths
from tests.budgeting.accounts.mail_links import link_in, sent_to
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.browser




def password_step(page, base: str, email: str) -> None:
    """The first step of signing in: email address and password (staff are then asked for
    their second factor)."""
    page.goto(base + "/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _code_for(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_resident_signs_up_and_confirms_the_address(live_server, page, db):
    base = live_server.url
    page.goto(base + "/account/signup/")
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter your name.")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Your name").fill("Ailsa")
    page.get_by_label("Email address").fill("ailsa@example.com")
    page.get_by_label("Create a password").fill("tide-marram-beacon-7")
    page.get_by_label("Type the password again").fill("tide-marram-beacon-7")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible_at_both_widths(page)

    page.goto(base + link_in(sent_to("ailsa@example.com")[-1], "/account/confirm-email/"))
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Ailsa")


def test_a_new_moderator_sets_up_an_authenticator_then_signs_in_with_it(
        live_server, page, moderator, process):
    Authenticator.objects.filter(user=moderator).delete()
    base = live_server.url
    page.goto(base + "/account/login/")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Email address").fill(moderator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # No staff page until a second factor is set up.
    page.goto(f"{base}/p/{process.slug}/moderation/")
    expect(page.get_by_role("status").first).to_contain_text("Staff accounts need a second factor")
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Activate").first.click()
    # Changing how one signs in asks for the password again.
    assert_accessible_at_both_widths(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    assert_accessible_at_both_widths(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Authenticator code").fill(_code_for(secret))
    page.get_by_role("button", name="Activate").click()
    # Recovery codes come with it, to keep somewhere safe.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recovery Codes")
    assert_accessible_at_both_widths(page)
    page.goto(f"{base}/p/{process.slug}/moderation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moderation")

    # Next time, the password alone is not enough.
    page.get_by_role("button", name="Sign out").click()
    password_step(page, base, moderator.email)
    expect(page.get_by_label("Authenticator code")).to_be_visible()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Authenticator code").fill("123456")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_be_visible()
    cache.clear()
    page.get_by_label("Authenticator code").fill(_code_for(secret))
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/p/{process.slug}/moderation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moderation")


def test_a_staff_member_with_an_authenticator_signs_in_with_its_code(live_server, page,
                                                                     process_admin, process):
    base = live_server.url
    password_step(page, base, process_admin.email)
    page.get_by_label("Authenticator code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/p/{process.slug}/moderation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moderation")


def test_a_password_is_reset_by_email(live_server, page, resident):
    base = live_server.url
    page.goto(base + "/account/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible_at_both_widths(page)
    page.goto(base + link_in(sent_to(resident.email)[-1], "/account/password/reset/key/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible_at_both_widths(page)
    page.get_by_label("New password", exact=True).fill("a-new-river-2028")
    page.get_by_label("Type the new password again").fill("a-new-river-2028")
    page.get_by_role("button", name="Save password").click()
    assert_accessible_at_both_widths(page)
    resident.refresh_from_db()
    assert resident.check_password("a-new-river-2028")


def test_a_moderator_uses_a_security_key_as_their_second_factor(live_server, page, moderator,
                                                                process):
    """Chromium's virtual authenticator stands in for a passkey or a security key."""
    Authenticator.objects.filter(user=moderator).delete()
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True}})
    base = live_server.url
    password_step(page, base, moderator.email)
    page.goto(base + "/account/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Add").click()
    page.wait_for_url("**/2fa/**")
    expect(page.get_by_role("main")).not_to_contain_text("Add Security Key")
    assert Authenticator.objects.filter(user=moderator, type="webauthn").exists()
    page.goto(f"{base}/p/{process.slug}/moderation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moderation")

    page.get_by_role("button", name="Sign out").click()
    password_step(page, base, moderator.email)
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(lambda url: "/2fa/" not in url)
    page.goto(f"{base}/p/{process.slug}/moderation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moderation")


def test_a_resident_downloads_their_data_and_deletes_their_account(live_server, page,
                                                                    resident):
    from tests.browser.conftest import sign_in

    base = live_server.url
    sign_in(page, base, resident.email)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account and your data")
    assert_accessible_at_both_widths(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (JSON)").click()
    assert download.value.suggested_filename == "your-data-kist.json"
    page.get_by_label("Your password").fill("not it")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".error-summary")).to_contain_text("That is not your password.")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("status")).to_contain_text("Your account has been deleted")
    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Cookies").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookies")
    assert_accessible_at_both_widths(page)
