"""Issue 3's resident journeys in Chromium: voting online on a knapsack envelope (the basket
updates through htmx as projects are ticked) and voting with a code on an approval envelope.
Every voting page visited passes an axe check."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_proposal, make_user
from tests.voting.casting.ballot_setup import mixed
from tests.voting.casting.page_helpers import make_ballot
from voting.models import Ballot, Participation, SealedBallot
from voting.staff.services import codes_issue

pytestmark = pytest.mark.browser


def assert_reflows(page, width: int = 375) -> None:
    """At a phone's width the page does not scroll sideways (WCAG 1.4.10)."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": size["height"]})
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"
    finally:
        page.set_viewport_size(size)


@pytest.fixture(autouse=True)
def clear_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_resident_votes_online_within_the_budget(live_server, page, db):
    # £60,000 to spend on benches £10,000, play park £20,000, library £25,000,
    # garden £30,000 and bike racks £5,000.
    envelope, projects = make_ballot(ballot_type="knapsack")
    benches, play, library, garden, bikes = projects
    resident = make_user("morag@example.com", "Morag")
    idea = make_proposal(envelope=envelope, author=resident, title="Seats along the river")
    benches.proposals.add(idea)
    base = live_server.url
    process = envelope.process

    sign_in(page, base, resident.email)
    page.goto(base + process.get_absolute_url())
    page.get_by_role("main").get_by_role("link", name="Vote", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vote for the projects you want")
    assert_accessible(page)

    # Say who you are and where you live: one envelope fits, so straight to its ballot.
    page.get_by_role("link", name="Vote online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter your postcode.")
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Morag Sinclair")
    page.get_by_label("Your date of birth").fill("27 3 1990")
    page.get_by_label("Your postcode").fill("rv1 2ab")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot: Riverside ward")
    expect(page.get_by_role("link", name="Seats along the river")).to_be_visible()
    expect(page.locator(".ballot__order")).to_have_text(
        "The projects are in a random order, different for each voter, so that none gains "
        "from being listed first.")
    order = page.locator(".ballot-project").evaluate_all("cards => cards.map(c => c.id)")
    page.reload()
    assert page.locator(".ballot-project").evaluate_all("cards => cards.map(c => c.id)") == order
    assert_accessible(page)

    # Ticking updates the basket in place (htmx), and says what no longer fits.
    page.evaluate("window.kistNoReload = true")
    basket = page.locator("#basket-totals")
    page.get_by_label(garden.title).check()
    expect(basket).to_contain_text("1 project chosen: £30,000 of £60,000 spent.")
    page.get_by_label(library.title).check()
    expect(basket).to_contain_text("2 projects chosen: £55,000 of £60,000 spent.")
    expect(basket.locator("progress")).to_have_attribute("value", "55000.00")
    expect(page.locator(f"#fit-{benches.pk}")).to_have_text(
        "Does not fit: £5,000 over what is left")
    expect(page.locator(f"#fit-{play.pk}")).to_have_text(
        "Does not fit: £15,000 over what is left")
    expect(page.locator(f"#fit-{bikes.pk}")).to_be_empty()
    assert page.evaluate("window.kistNoReload") is True, "ticking reloaded the page"
    assert_accessible(page)
    assert_reflows(page)

    # Check the choices, change one, check again and cast.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your choices")
    expect(page.locator(".summary-list")).to_contain_text("£55,000 of £60,000 (£5,000 left)")
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("link", name=f"Change {library.title}").click()
    expect(page.get_by_label(library.title)).to_be_checked()
    expect(page.get_by_label(garden.title)).to_be_checked()
    page.get_by_label(library.title).uncheck()
    page.get_by_label(benches.title).check()
    page.get_by_label(bikes.title).check()
    expect(basket).to_contain_text("3 projects chosen: £45,000 of £60,000 spent.")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".summary-list")
    for title in (garden.title, benches.title, bikes.title):
        expect(summary).to_contain_text(title)
    expect(summary).not_to_contain_text(library.title)
    page.get_by_role("button", name="Cast your vote").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote has been cast")
    receipt = page.locator(".confirmation__reference").inner_text()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_accessible(page)

    # The back button to the check page: it is not kept in the cache, so it says "voted".
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already voted")
    expect(page.get_by_role("main")).to_contain_text(receipt)
    assert_accessible(page)
    assert SealedBallot.objects.count() == 1 and not Ballot.objects.exists()

    # Sealed in the box, the receipt says it is received and waiting to be mixed.
    page.goto(base + "/vote/receipt/")
    page.get_by_label("Receipt reference").fill(receipt)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "waiting to be mixed")
    assert_accessible(page)
    page.get_by_role("link", name="How your vote is kept secret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How voting works and how your vote is kept secret")

    # Once mixed, it is counted; what is on it is in the ballot box, not on any page.
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    assert ballot.receipt == receipt and not SealedBallot.objects.exists()
    assert sorted(ballot.choices.values_list("project_id", flat=True)) == sorted(
        [benches.pk, garden.pk, bikes.pk])
    page.goto(base + "/vote/receipt/")
    page.get_by_label("Receipt reference").fill(receipt.lower())
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("has been counted")
    assert_accessible(page)


def test_resident_votes_with_a_code_on_an_approval_ballot(live_server, page, db):
    envelope, projects = make_ballot(ballot_type="approval", max_projects=2, slug="hillside",
                                     name="Hillside youth pot", prefixes="")
    code = codes_issue(staff=None, envelope=envelope, count=2)[0]
    base = live_server.url

    # A mistyped code first.
    page.goto(f"{base}/vote/code/")
    page.get_by_label("Your voting code").fill("ABCD-EFGH-JKMN")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("We do not recognise this code.")
    assert_accessible(page)

    # The QR code's link fills the code in.
    page.goto(f"{base}/vote/code/#code={code}")
    expect(page.get_by_label("Your voting code")).to_have_value(code)
    assert "#" not in page.url  # and it is gone from the address bar and the history
    assert_accessible(page)
    page.get_by_label("Your voting code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/vote/code/ballot/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot: Hillside youth pot")
    assert_accessible(page)

    # Three is one too many: the basket says so, and so does the server.
    for project in projects[:3]:
        page.get_by_label(project.title).check()
    expect(page.locator("#basket-totals")).to_contain_text("That is 1 too many.")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_contain_text("Choose no more than 2 projects.")
    for project in projects[:3]:
        expect(page.get_by_label(project.title)).to_be_checked()
    assert_accessible(page)
    page.get_by_label(projects[1].title).uncheck()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your choices")
    page.get_by_role("button", name="Cast your vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote has been cast")
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    expect(page.locator(".confirmation__reference")).to_have_text(ballot.receipt)
    assert Participation.objects.get().code is not None

    # The back button: one ballot, and a clear message.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already voted")
    expect(page.get_by_role("main")).to_contain_text("This voting code has already been used.")
    assert_accessible(page)
    assert Ballot.objects.count() == 1


def test_refusal_pages_are_accessible(live_server, page, db, settings):
    """Nowhere to vote, a ballot one may not use, and too many wrong codes."""
    settings.VOTING_CODE_ATTEMPTS = 1
    envelope, projects = make_ballot(ballot_type="ranking", ranking_max=3)
    resident = make_user("tam@example.com", "Tam")
    base = live_server.url
    sign_in(page, base, resident.email)
    page.goto(f"{base}/p/{envelope.process.slug}/vote/declare/")
    page.get_by_label("Your full name").fill("Tam Reid")
    page.get_by_label("Your date of birth").fill("4 11 1985")
    page.get_by_label("Your postcode").fill("ZZ9 9ZZ")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot vote online in this process")
    expect(page.get_by_role("main")).to_contain_text("is for postcodes starting RV1, RV2")
    assert_accessible(page)

    page.goto(f"{base}/p/{envelope.process.slug}/vote/{envelope.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot vote on this ballot")
    assert_accessible(page)

    # A ranking ballot, by keyboard: a select per project.
    page.get_by_role("link", name="Check or change what you told us about yourself").click()
    page.get_by_label("Your full name").fill("Tam Reid")
    page.get_by_label("Your date of birth").fill("4 11 1985")
    page.get_by_label("Your postcode").fill("RV2 1AA")
    page.get_by_role("button", name="Continue").click()
    first = page.get_by_label(f"Place for {projects[2].title}")
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(first).to_have_value("1")
    assert_accessible(page)

    page.goto(f"{base}/vote/code/")
    page.get_by_label("Your voting code").fill("0000-0000-0000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many tries")
    assert_accessible(page)


def test_after_voting_it_offers_the_other_budgets_still_open(live_server, page, db):
    ward, ward_projects = make_ballot(ballot_type="knapsack")
    youth, youth_projects = make_ballot(process=ward.process, name="Youth pot", amount="10000",
                                        costs=["2000", "3000"], ballot_type="approval")
    base = live_server.url
    sign_in(page, base, make_user("morag@example.com", "Morag").email)
    page.goto(f"{base}/p/{ward.process.slug}/vote/declare/")
    page.get_by_label("Your full name").fill("Morag Sinclair")
    page.get_by_label("Your date of birth").fill("27 3 1990")
    page.get_by_label("Your postcode").fill("RV1 2AB")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Vote in Riverside ward").click()
    page.get_by_label(ward_projects[0].title).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Cast your vote").click()
    expect(page.get_by_role("heading", name="You can also vote for another budget")
           ).to_be_visible()
    assert_accessible(page)
    assert_reflows(page, 320)
    page.get_by_role("link", name="Vote in Youth pot (£10,000)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot: Youth pot")
    page.get_by_label(youth_projects[1].title).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Cast your vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote has been cast")
    expect(page.get_by_text("You can also vote")).to_have_count(0)
