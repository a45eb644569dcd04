"""A recorded correction in Chromium: once voting has started, a process admin corrects a typo
in a project's title with a reason, and the public results page shows it. axe at 1280 and 320
px on the corrections page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_at_both_widths, sign_in
from tests.voting.staff.staff_setup import voting_round
from tests.voting.test_freezing import cast_one

pytestmark = pytest.mark.browser


def test_a_process_admin_corrects_a_typo_after_voting_started(live_server, page, process,
                                                             envelope, process_admin):
    projects = voting_round(process, envelope, ballot_type="approval")
    cast_one(envelope, projects[0])
    base = live_server.url
    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/results/staff/")
    page.get_by_role("link", name="Corrections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Corrections")
    assert_accessible_at_both_widths(page)

    page.get_by_label("Project").select_option(label="River benches (Riverside ward)")
    page.get_by_label("Title").check()
    page.get_by_label("What it should say").fill("Riverside benches")
    page.get_by_role("button", name="Make the correction").first.click()
    expect(page.locator(".error-summary")).to_contain_text("Say why this needs correcting")
    expect(page.get_by_label("What it should say")).to_have_value("Riverside benches")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Why it needs correcting").first.fill(
        "The ballot misspelt the project's name.")
    page.get_by_role("button", name="Make the correction").first.click()
    expect(page.get_by_role("status")).to_contain_text("The correction is made")
    assert_accessible_at_both_widths(page)

    page.goto(f"{base}/p/{process.slug}/results/")
    expect(page.get_by_role("heading", name="Corrections made during voting")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("The ballot misspelt the project's name.")
