"""Verified sign-in in Chromium, against a real OpenID Connect provider started on loopback by
the tests (tests/oidc_provider): a resident signs in there, comes back to Kist and votes without
typing their postcode or age. Kist's pages pass axe at 1280 px and at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_at_both_widths
from tests.oidc_provider.people import PEOPLE
from tests.voting.casting.page_helpers import make_ballot
from voting.models import Declaration, Participation, SealedBallot

pytestmark = pytest.mark.browser


def test_a_resident_signs_in_with_a_verified_identity_and_votes_without_typing(
        live_server, page, verified_sign_in):
    envelope, projects = make_ballot(ballot_type="approval")
    base = live_server.url
    page.goto(base + "/account/login/")
    assert_accessible_at_both_widths(page)
    page.get_by_role("link", name="Sign in with Test ID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in with Test ID")
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Continue").click()

    # At the identity provider, on loopback: its own sign-in page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity service")
    assert page.url.startswith(verified_sign_in.url)
    page.get_by_label("Username").fill("morag")
    page.get_by_label("Password").fill(PEOPLE["morag"]["password"])
    page.get_by_role("button", name="Log in to the identity service").click()

    # Back at Kist, signed in, and the details come with the sign-in.
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Morag Campbell")
    page.goto(f"{base}/p/{envelope.process.slug}/vote/declare/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    main = page.get_by_role("main")
    expect(main).to_contain_text("RV1 2AB")
    expect(main).to_contain_text("27 March 1990")
    expect(page.get_by_label("Your postcode")).to_have_count(0)
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot: Riverside ward")
    page.get_by_label(projects[0].title).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Cast your vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote has been cast")
    assert Declaration.objects.get().postcode == "RV1 2AB"
    assert Participation.objects.count() == 1 == SealedBallot.objects.count()
