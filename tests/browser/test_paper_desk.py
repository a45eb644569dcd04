"""A paper-desk officer marks a resident as voted before handing them a ballot paper, and is
refused when the same person comes back; the page passes axe at 1280 and 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.voting.staff.staff_setup import voting_round
from voting.models import Participation

pytestmark = pytest.mark.browser


def _fill(page, name: str, born: str, postcode: str) -> None:
    page.get_by_label("Their full name").fill(name)
    page.get_by_label("Their date of birth").fill(born)
    page.get_by_label("Their postcode").fill(postcode)
    page.get_by_role("button", name="Mark as voted").click()


def test_a_desk_officer_marks_a_voter_and_is_refused_a_second_mark(
        live_server, page, moderator, envelope, council):
    voting_round(envelope.process, envelope, ballot_type="approval")
    base = live_server.url
    sign_in(page, base, moderator.email)
    page.goto(f"{base}/p/{envelope.process.slug}/voting/staff/")
    page.get_by_role("link", name=f"Paper desk – {envelope.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paper desk")
    assert_accessible(page)

    # A date that does not exist: the error is shown and what was typed is kept.
    _fill(page, "Morag Sinclair", "31 2 1990", "RV1 2AB")
    expect(page.locator(".error-summary")).to_contain_text("Enter a real date of birth")
    expect(page.get_by_label("Their full name")).to_have_value("Morag Sinclair")
    assert_accessible(page)

    page.get_by_label("Their date of birth").fill("27 3 1990")
    page.get_by_role("button", name="Mark as voted").click()
    expect(page.get_by_role("status")).to_contain_text("Marked as voted")
    expect(page.get_by_role("main")).to_contain_text("1 person has been marked")
    assert Participation.objects.filter(channel="paper").count() == 1

    # The same person again, typed another way.
    _fill(page, "MORAG SINCLAIR", "27/03/1990", "rv12ab")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Do not give a ballot paper")
    expect(alert).to_contain_text("has already voted in Riverside ward: on paper")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    assert Participation.objects.count() == 1
