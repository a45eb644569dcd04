"""Kist on a phone and zoomed in, in Chromium: at 320 px, and at 1280 px with 400% zoom (a CSS
viewport of 320 × 180), no page scrolls sideways (WCAG 1.4.10), the basket stays in view while
ticking, the results chart is drawn for the width, and the whole vote works by keyboard alone.
axe checks every page at both sizes."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user
from tests.voting.casting.page_helpers import make_ballot

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 320, "height": 640}, "zoomed": {"width": 320, "height": 180}}


@pytest.fixture(autouse=True)
def clear_rate_limits():
    from django.core.cache import cache

    cache.clear()


def assert_fits(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, "
                           "document.documentElement.clientWidth]")
    if widths[0] > widths[1]:
        wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
                    && !e.closest('.table-scroll'))
            .slice(0, 3).map(e => `<${e.tagName.toLowerCase()} class="${e.className}">`)""")
        pytest.fail(f"{page.url} scrolls sideways: {widths[0]} > {widths[1]} px: {wide}")


def at_both_sizes(page, check) -> None:
    """Run `check` (which may look at the page) then axe and the reflow test at each size."""
    before = page.viewport_size
    try:
        for size in SIZES.values():
            page.set_viewport_size(size)
            check()
            assert_fits(page)
            assert_accessible(page)
    finally:
        page.set_viewport_size(before)


def test_the_public_pages_reflow(live_server, page, settings):
    settings.DEBUG = True  # the demo loads only where Kist is being tried
    call_command("demo", stdout=io.StringIO())
    base = live_server.url
    for path in ["/", "/p/kirkton-2027/", "/p/riverside-2027/proposals/", "/p/millbrae-2027/",
                 "/p/northfield-2026/vote/", "/p/eastgate-2026/", "/how-voting-works/",
                 "/vote/code/", "/accessibility/"]:
        page.goto(base + path)
        at_both_sizes(page, lambda: None)
    page.goto(f"{base}/p/riverside-2027/proposals/")
    page.get_by_role("link", name="Benches along the river path").click()
    at_both_sizes(page, lambda: None)

    # Results: the drawing that fits the width, with text as large as the page's.
    page.goto(f"{base}/p/eastgate-2026/results/")

    def narrow_chart():
        expect(page.locator("svg.chart--narrow")).to_be_visible()
        expect(page.locator("svg.chart--wide")).to_be_hidden()
        label = page.locator("svg.chart--narrow .chart__label").first
        assert label.evaluate("e => e.getBoundingClientRect().height") >= 12

    at_both_sizes(page, narrow_chart)
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator("svg.chart--wide")).to_be_visible()
    expect(page.locator("svg.chart--narrow")).to_be_hidden()


def _ballots():
    knapsack, _ = make_ballot(ballot_type="knapsack")
    process = knapsack.process
    approval, _ = make_ballot(process=process, name="Youth pot", ballot_type="approval",
                              max_projects=2)
    points, _ = make_ballot(process=process, name="Green spaces", ballot_type="points")
    ranking, _ = make_ballot(process=process, name="Town centre", ballot_type="ranking",
                             ranking_max=3)
    return process, [knapsack, approval, points, ranking]


def _declare(page, base, process) -> None:
    page.goto(f"{base}/p/{process.slug}/vote/declare/")
    page.get_by_label("Your full name").fill("Morag Sinclair")
    page.get_by_label("Your date of birth").fill("27 3 1990")
    page.get_by_label("Your postcode").fill("RV1 2AB")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you can vote")


def test_every_ballot_reflows_and_the_basket_stays_in_view(live_server, page, db):
    process, envelopes = _ballots()
    base = live_server.url
    sign_in(page, base, make_user("morag@example.com", "Morag").email)
    _declare(page, base, process)
    at_both_sizes(page, lambda: None)
    for envelope in envelopes:
        page.goto(f"{base}/p/{process.slug}/vote/{envelope.pk}/")
        ballot_type = envelope.rules.ballot_type

        def tick_and_see_the_basket(ballot_type=ballot_type):
            card = page.locator(".ballot-project").first
            if ballot_type in ("knapsack", "approval"):
                card.locator(".ballot-project__tick").check()
            elif ballot_type == "points":
                card.locator("input").fill("3")
                card.locator("input").press("Tab")
            else:
                card.locator("select").select_option(index=1)
            if ballot_type == "ranking":
                return  # a ranking ballot has no basket to watch
            card.scroll_into_view_if_needed()
            bar = page.locator("#basket-bar")
            expect(bar).to_be_in_viewport()
            expect(bar).not_to_be_empty()

        at_both_sizes(page, tick_and_see_the_basket)
    # The check page, at both sizes.
    page.goto(f"{base}/p/{process.slug}/vote/{envelopes[0].pk}/")
    page.locator(".ballot-project__tick").first.check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your choices")
    at_both_sizes(page, lambda: None)


def test_staff_pages_reflow(live_server, page, process, envelope, process_admin, moderator):
    from tests.voting.staff.staff_setup import voting_round

    voting_round(process, envelope, ballot_type="approval")
    base = live_server.url
    sign_in(page, base, process_admin.email)
    staff = f"/p/{process.slug}/voting/staff/"
    for path in [staff, f"{staff}envelopes/{envelope.pk}/rules/",
                 f"{staff}envelopes/{envelope.pk}/paper/", f"/p/{process.slug}/moderation/",
                 f"/p/{process.slug}/audit/", f"/p/{process.slug}/team/",
                 f"/p/{process.slug}/results/staff/"]:
        response = page.goto(base + path)
        assert response.status == 200, path
        at_both_sizes(page, lambda: None)


def _tab_to(page, accessible_name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element is called `accessible_name`, as a keyboard user
    would; fail if it cannot be reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e) return "";
            const label = e.labels && e.labels[0] ? e.labels[0].innerText : "";
            return (label || e.getAttribute("aria-label") || e.innerText || e.value || "").trim();
        }""")
        if name.startswith(accessible_name):
            return
    pytest.fail(f"could not reach “{accessible_name}” by keyboard on {page.url}")


def _follow(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_the_whole_vote_works_by_keyboard_alone(live_server, page, db):
    envelope, projects = make_ballot(ballot_type="knapsack")
    make_user("morag@example.com", "Morag")
    base = live_server.url
    page.goto(f"{base}/account/login/")
    _tab_to(page, "Email address")
    page.keyboard.type("morag@example.com")
    _tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    _follow(page)
    page.goto(base + envelope.process.get_absolute_url())
    _tab_to(page, "Vote")
    _follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vote for the projects you want")
    _tab_to(page, "Vote online")
    _follow(page)
    _tab_to(page, "Your full name")
    page.keyboard.type("Morag Sinclair")
    _tab_to(page, "Your date of birth")
    page.keyboard.type("27 3 1990")
    _tab_to(page, "Your postcode")
    page.keyboard.type("RV1 2AB")
    _follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot: Riverside ward")
    _tab_to(page, projects[1].title)
    page.keyboard.press("Space")
    expect(page.get_by_label(projects[1].title)).to_be_checked()
    _tab_to(page, "Continue")
    _follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your choices")
    _tab_to(page, "Cast your vote")
    _follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote has been cast")
