"""A count in the background, in a real browser: the admin asks, the page says it is queued,
then counting, and shows the result in place when the worker is done, with no reload; when
voting codes cannot be checked the voter is told plainly. Every page passes axe at 1280 px and
at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_at_both_widths, sign_in
from tests.voting.casting.ballot_setup import issue_codes
from tests.voting.results.results_setup import approvals, cast_with_codes, close_voting
from tests.voting.staff.staff_setup import voting_round
from voting.results import jobs
from voting.results.models import CountJob

pytestmark = pytest.mark.browser




def test_the_staff_page_follows_a_count_until_the_worker_is_done(
    live_server, page, process, envelope, process_admin, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    projects = voting_round(process, envelope, ballot_type="approval")
    cast_with_codes(envelope, approvals(projects[:2], projects[1:], [projects[0]]))
    close_voting(process)
    base = live_server.url
    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/results/staff/")
    page.get_by_role("button", name="Count – Riverside ward").click()

    job_box = page.locator(f"#count-job-{envelope.pk}")
    expect(job_box).to_contain_text("Queued")
    expect(page.get_by_role("status").first).to_contain_text("is being counted")
    assert_accessible_at_both_widths(page)

    # A worker takes the job; the page shows the result within a few of its refreshes.
    jobs.count_run(job_id=CountJob.objects.get().pk)
    expect(job_box).to_contain_text("Done", timeout=8_000)
    job_box.get_by_role("link", name="Check count 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Count 1 of Riverside ward")


def test_a_voter_is_told_plainly_when_codes_cannot_be_checked(live_server, page, process,
                                                            envelope, settings):
    voting_round(process, envelope, ballot_type="approval")
    [code] = issue_codes(envelope, 1)
    settings.RATE_LIMIT_REDIS_URL = "redis://127.0.0.1:1/0"
    page.goto(f"{live_server.url}/vote/code/")
    page.get_by_label("Your voting code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Voting codes cannot be checked just now")
    expect(page.get_by_text("your code has not been used")).to_be_visible()
    assert_accessible_at_both_widths(page)
