"""Results in a real browser: a process admin counts an envelope and publishes it; the public
page shows the winners, their reasons, the chart and the downloads. Every page passes axe."""

import hashlib

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in, sign_out
from tests.voting.results.results_setup import (
    approvals,
    cast_with_codes,
    close_voting,
    online_voters,
)
from tests.voting.staff.staff_setup import voting_round
from voting.results.models import Tally

pytestmark = pytest.mark.browser


def test_an_admin_counts_and_publishes_and_anyone_can_check(live_server, page, process,
                                                            envelope, process_admin):
    play, benches, racks, orchard = voting_round(process, envelope, ballot_type="approval")
    cast_with_codes(envelope, approvals([play, benches], [play, orchard], [benches, racks],
                                        [play], [orchard, play]))
    online_voters(envelope, {"25-44": 12})
    close_voting(process)
    base = live_server.url

    # Before anything is published the public page says so.
    page.goto(f"{base}/p/{process.slug}/results/")
    expect(page.get_by_text("The results have not been published yet.")).to_be_visible()
    assert_accessible(page)

    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/")
    page.get_by_role("link", name="Count and publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Count and publish")
    expect(page.get_by_text("5 ballots to count")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Count – Riverside ward").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Count 1 of Riverside ward")
    expect(page.get_by_text("Not published: only process admins can see this count.")
           ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish count 1").click()
    expect(page.get_by_role("status")).to_contain_text("Count 1 of Riverside ward is published.")
    assert Tally.objects.get().is_published
    sign_out(page)

    page.goto(f"{base}/p/{process.slug}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    funded = page.locator("table.results-funded")
    expect(funded.get_by_role("link", name="Play park")).to_be_visible()
    expect(funded.get_by_role("link", name="River benches")).to_be_visible()
    expect(funded.get_by_role("link", name="Library bike racks")).to_be_visible()
    expect(page.get_by_text("3 projects funded, using £45,000 of £60,000.")).to_be_visible()
    # The chart: an image with a name, marks funded bars in words, and points at its table.
    chart = page.get_by_role("img", name="Support for each project, funded projects marked, "
                                         "and the money against the budget")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="✓ funded").first).to_be_visible()
    reasons = page.locator(f"#results-table-{envelope.pk}")
    # The orchard tied with the benches and lost on cost; then it no longer fitted.
    orchard_row = reasons.get_by_role("row", name="Community orchard")
    expect(orchard_row).to_contain_text("Not funded")
    expect(orchard_row).to_contain_text("£27,000 was left when its turn came")
    expect(page.get_by_text("This is not the official result.")).to_be_visible()
    expect(page.get_by_role("table", name="Online voters by age")).to_contain_text("25 to 44")
    assert_accessible(page)

    # The ballot file downloads, and its digest is the one on the page.
    with page.expect_download() as info:
        page.get_by_role("link", name="Anonymised ballots (.pb, Pabulib format)").click()
    data = open(info.value.path(), "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    expect(page.locator("code.digest").first).to_have_text(digest)
    expect(page.get_by_text(f"pb-tally riverside-{envelope.pk}-count-1.pb "
                            "--rule greedy --json")).to_be_visible()

    # Funded projects have their own page.
    page.get_by_role("link", name="Play park").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Play park")
    assert_accessible(page)
