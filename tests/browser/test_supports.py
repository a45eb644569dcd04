"""Supporting ideas in a real browser: a resident says who they are, supports ideas in place
(htmx) up to the envelope's limit and is refused past it, with the reason; withdrawing one
frees a support. Every page visited passes axe at both widths."""

import pytest
from playwright.sync_api import expect

from budgeting.supports.models import Support
from tests.browser.conftest import assert_accessible_at_both_widths, sign_in
from tests.budgeting.supports.support_setup import take_supports
from tests.conftest import PASSWORD, make_proposal

pytestmark = pytest.mark.browser


def test_a_resident_supports_within_the_limit_and_is_refused_past_it(
        live_server, page, envelope, proposal, resident, other_resident):
    take_supports(envelope, limit=1)
    mural = make_proposal(envelope=envelope, author=resident, title="A mural on the underpass")
    sign_in(page, live_server.url, other_resident.email, PASSWORD)

    page.goto(live_server.url + proposal.get_absolute_url())
    expect(page.get_by_text("0 people support this idea.")).to_be_visible()
    page.get_by_role("link", name="Tell us about yourself").click()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Your full name").fill("Tom Brown")
    page.get_by_label("Your date of birth").fill("3 5 1980")
    page.get_by_label("Your postcode").fill("RV1 2AB")
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith(proposal.get_absolute_url())

    page.evaluate("window.kistNoReload = true")
    expect(page.get_by_text("You have 1 support of 1 left in Riverside ward.")).to_be_visible()
    page.get_by_role("button", name="Support this idea").click()
    expect(page.locator("#supports-status")).to_have_text("Thank you: you support this idea.")
    expect(page.get_by_text("1 person supports this idea.")).to_be_visible()
    assert page.evaluate("window.kistNoReload") is True
    assert_accessible_at_both_widths(page)

    # Past the limit the page says so rather than offering the button...
    page.goto(live_server.url + mural.get_absolute_url())
    expect(page.get_by_text("You have given all your supports.")).to_be_visible()
    expect(page.get_by_role("button", name="Support this idea")).to_have_count(0)
    assert list(Support.objects.values_list("proposal_id", flat=True)) == [proposal.pk]

    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_role("button", name="Withdraw your support").click()
    expect(page.locator("#supports-status")).to_have_text("Your support is withdrawn.")
    # Focus stays with the supports, on the button that undoes what was just done.
    expect(page.get_by_role("button", name="Support this idea")).to_be_focused()
    assert not Support.objects.exists()

    # ...and a tab opened while a support was still left is refused by the server, in place.
    page.goto(live_server.url + mural.get_absolute_url())
    other_tab = page.context.new_page()
    other_tab.goto(live_server.url + proposal.get_absolute_url())
    other_tab.get_by_role("button", name="Support this idea").click()
    expect(other_tab.locator("#supports-status")).to_have_text(
        "Thank you: you support this idea.")
    page.get_by_role("button", name="Support this idea").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("You have given all 1 of your supports")
    expect(refusal).to_be_focused()
    assert list(Support.objects.values_list("proposal_id", flat=True)) == [proposal.pk]


def test_without_javascript_a_support_is_given_and_said(live_server, new_page, envelope,
                                                        proposal, other_resident):
    from tests.budgeting.supports.support_setup import declare

    take_supports(envelope, limit=3)
    declare(other_resident, envelope)
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server.url, other_resident.email, PASSWORD)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_role("button", name="Support this idea").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you: you support this idea.")
    expect(page.get_by_text("You have 2 supports of 3 left in Riverside ward.")).to_be_visible()
    assert Support.objects.count() == 1
