"""Issue 5's journey in Chromium: a panel of three members from two partners goes through
Own → Pair → Explain → Rank → Arrange → sign-off to the published shortlist, with axe on
every page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from budgeting.models import AuditEntry, Project
from tests.browser.conftest import assert_accessible, sign_in
from tests.budgeting.shortlisting.shortlist_helpers import make_round

pytestmark = pytest.mark.browser


def rank_in_browser(page, base, r, user, order):
    sign_in(page, base, user.email)
    page.goto(f"{base}{r.process.get_absolute_url()}")
    page.get_by_role("link", name="Shortlisting panel, Riverside ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Shortlisting panel, Riverside ward")
    assert_accessible(page)
    page.get_by_role("link", name="Start with your own ranking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Own: your own ranking")
    assert_accessible(page)
    for place, index in enumerate(order, start=1):
        title = r.proposals[index].title
        page.get_by_label(f"Place for “{title}”").select_option(str(place))
    favourite = r.proposals[order[0]].title
    page.get_by_label(f"Note on “{favourite}”").fill(f"{user.first_name} likes it")
    page.get_by_role("button", name="Submit your ranking").click()
    expect(page.get_by_role("status")).to_contain_text("Your own ranking has been submitted")


def test_panel_of_three_from_two_partners_publishes_a_shortlist(live_server, new_page, db):
    r = make_round()
    base = live_server.url
    url = f"{base}/p/{r.process.slug}/shortlisting/{r.envelope.pk}"
    mail.outbox.clear()

    # Own: Ailsa (council) cannot peek before submitting; a mistake is refused clearly.
    ailsa = new_page()
    sign_in(ailsa, base, r.ailsa.email)
    ailsa.goto(url + "/rank/")
    expect(ailsa.locator("main")).to_contain_text("Submit your own ranking first")
    assert_accessible(ailsa)
    ailsa.goto(url + "/own/")
    ailsa.get_by_role("button", name="Submit your ranking").click()
    expect(ailsa.locator(".error-summary")).to_contain_text("Choose a place for")
    assert_accessible(ailsa)
    ailsa.context.clear_cookies()
    rank_in_browser(ailsa, base, r, r.ailsa, [0, 1, 2, 3])
    expect(ailsa.get_by_role("heading", level=1)).to_have_text("Pair: agree your top picks")
    assert_accessible(ailsa)

    brian, chloe = new_page(), new_page()
    rank_in_browser(brian, base, r, r.brian, [1, 0, 2, 3])
    rank_in_browser(chloe, base, r, r.chloe, [1, 2, 3, 0])

    # Pair: the facilitator asks Kist for pairs across partners.
    fiona = new_page()
    sign_in(fiona, base, r.facilitator.email)
    fiona.goto(url + "/")
    expect(fiona.locator("#submissions")).not_to_contain_text("Not yet")
    fiona.get_by_role("navigation", name="Shortlisting stages").get_by_role(
        "link", name="Pair").click()
    fiona.get_by_role("button", name="Suggest pairs").click()
    expect(fiona.get_by_role("status")).to_contain_text("suggested pairs that cross partners")
    assert_accessible(fiona)

    chloe.goto(url + "/pairs/")
    expect(chloe.locator("main")).to_contain_text("your group")
    picks = chloe.get_by_role("group", name="Your group's top picks")
    picks.get_by_label("Play park for the Meadows").check()
    picks.get_by_label("Swings at the Meadows").check()
    chloe.get_by_label("Why your group picked these").fill("Both are for the Meadows corner.")
    chloe.get_by_role("button", name="Record your group's picks").click()
    expect(chloe.get_by_role("heading", level=1)).to_have_text("Explain: every pair's picks")
    expect(chloe.locator("main")).to_contain_text("Both are for the Meadows corner.")
    assert_accessible(chloe)

    # Explain and Rank, as the whole panel sees them.
    brian.goto(url + "/explain/")
    expect(brian.locator("main")).to_contain_text("Both are for the Meadows corner.")
    assert_accessible(brian)
    brian.goto(url + "/rank/")
    first = brian.get_by_role("table").get_by_role("row").nth(1)
    expect(first).to_contain_text("Play park for the Meadows")
    expect(first).to_contain_text("8")  # 2 + 3 + 3 Borda points
    expect(brian.get_by_role("table")).to_contain_text("Members differ")
    assert_accessible(brian)

    # Arrange: group the Meadows ideas, carry the benches over, leave the bike racks out.
    fiona.goto(url + "/arrange/")
    assert_accessible(fiona)
    group = fiona.get_by_role("region", name="Group proposals into one project")
    group.get_by_label("Project title").fill("Meadows play area")
    group.get_by_label("Summary for the ballot").fill("A play park with swings.")
    group.get_by_label("Final cost").fill("70000")
    group.get_by_label("Why it is on the ballot").fill("Two ideas for the same corner.")
    group.get_by_label("Play park for the Meadows").check()
    group.get_by_label("Swings at the Meadows").check()
    group.get_by_role("button", name="Add the project").click()
    expect(fiona.locator(".error-summary")).to_contain_text(
        "A project cannot cost more than the whole envelope")
    assert_accessible(fiona)
    group.get_by_label("Final cost").fill("30000")
    group.get_by_role("button", name="Add the project").click()
    expect(fiona.get_by_role("status")).to_contain_text("added to the shortlist")
    fiona.get_by_role("button", name="Carry “Benches on the river path” over on its own").click()
    leave = fiona.get_by_role("region", name="Leave a proposal off the ballot")
    leave.get_by_label("Proposal to leave off the ballot").select_option(
        label=f"Bike racks at the library ({r.proposals[3].reference})")
    leave.get_by_label("Reason shown to the public").fill("The library gets racks this year.")
    leave.get_by_role("button", name="Leave it off").click()
    expect(fiona.locator(".shortlist-total")).to_contain_text("£38,000")
    expect(fiona.locator("main")).to_contain_text("Every proposal is in a project or left out.")
    assert_accessible(fiona)

    # Sign-off as equals: one council and one trust member approve; then it is published.
    for page in (ailsa, chloe):
        page.goto(url + "/sign-off/")
        page.get_by_role("button", name="Approve the shortlist").click()
        expect(page.get_by_role("status")).to_contain_text("You have approved the shortlist")
        assert_accessible(page)
    fiona.goto(url + "/sign-off/")
    assert_accessible(fiona)
    fiona.get_by_role("button", name="Publish the shortlist").click()
    expect(fiona.get_by_role("heading", level=1)).to_have_text("Shortlist for Riverside ward")
    main = fiona.locator("main")
    for text in ("Meadows play area", "Two ideas for the same corner.", "£30,000",
                 "Benches on the river path", "The library gets racks this year."):
        expect(main).to_contain_text(text)
    assert_accessible(fiona)

    # Anyone can read it; the ballot's projects are the published ones.
    public = new_page()
    public.goto(f"{base}{r.process.get_absolute_url()}")
    public.get_by_role("link", name="Shortlist for Riverside ward").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Shortlist for Riverside ward")
    assert_accessible(public)
    assert list(Project.objects.filter(envelope=r.envelope).values_list("title", flat=True)) == [
        "Meadows play area", "Benches on the river path"]
    assert len(mail.outbox) == 4
    assert AuditEntry.objects.filter(action="shortlist.published").count() == 1
