"""Equalities monitoring in Chromium: after voting, a resident answers the optional questions;
once voting closes anyone can see who took part, merged to the privacy floor, beside the area's
census figures a process admin entered. axe at 1280 and 320 px on each page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_at_both_widths, sign_in, sign_out
from tests.conftest import make_user, set_phase
from tests.voting.casting.page_helpers import make_ballot
from voting.monitoring import services
from voting.monitoring.models import SealedAnswers

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def clear_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_a_voter_answers_and_the_council_sees_who_took_part(live_server, page, process,
                                                            process_admin):
    set_phase(process, "voting")
    envelope, projects = make_ballot(process=process, ballot_type="approval")
    base = live_server.url
    sign_in(page, base, make_user("morag@example.com", "Morag").email)
    page.goto(f"{base}/p/{process.slug}/vote/declare/")
    page.get_by_label("Your full name").fill("Morag Sinclair")
    page.get_by_label("Your date of birth").fill("27 3 1990")
    page.get_by_label("Your postcode").fill("RV1 2AB")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(projects[0].title).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Cast your vote").click()
    expect(page.get_by_role("heading", name="Help us see who is taking part")).to_be_visible()
    page.get_by_role("link", name="Answer the questions (optional)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you (optional)")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Your age").select_option(label="35 to 44")
    page.get_by_role("group", name="Your sex").get_by_label("Female").check()
    page.get_by_label("Your ethnic group").select_option(label="Scottish")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are sealed apart")
    assert SealedAnswers.objects.count() == 1
    sign_out(page)

    # Many others answered too; voting closes and every answer is counted.
    for _ in range(11):
        services.answers_seal(process=process, answers={"age": "35-44", "sex": "female"})
    set_phase(process, "results")
    services.answers_count(process=process)

    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/who-took-part/")
    page.get_by_role("link", name="Enter the area's census figures: Your sex").click()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Female", exact=True).fill("51.6")
    page.get_by_label("Male", exact=True).fill("48.4")
    page.get_by_role("button", name="Save the figures").click()
    sign_out(page)

    page.goto(f"{base}/p/{process.slug}/who-took-part/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who took part")
    sex = page.get_by_role("table", name="Your sex")
    expect(sex).to_contain_text("Female")
    expect(sex).to_contain_text("51.6%")
    assert_accessible_at_both_widths(page)
