"""Issue 2's journey in a real browser: a resident signs up and proposes an idea, finds it in
the public list (also through the htmx search), a moderator marks it feasible with a revised
cost, and the public page shows the outcome. Every page visited passes an axe check."""

import re

import pytest
from playwright.sync_api import expect

from budgeting.models import AuditEntry
from budgeting.proposals.models import Proposal
from tests.browser.conftest import assert_accessible, sign_in, sign_out
from tests.budgeting.accounts.mail_links import link_in, sent_to
from tests.conftest import make_proposal

pytestmark = pytest.mark.browser

RESIDENT = {"name": "Morag", "email": "morag@example.com", "password": "heron-lantern-quay-42"}
IDEA = {
    "title": "Play park for the Meadows",
    "summary": "Swings and a climbing frame on the empty corner of the Meadows.",
    "description": "Children on the estate have nowhere to play within a short walk.",
    "cost": "12500",
    "location": "Meadows, corner of Mill Lane",
}


@pytest.fixture
def round_with_proposals(process, envelope, other_envelope, other_resident):
    """The process in its ideas phase with two ideas already made by someone else."""
    make_proposal(envelope=envelope, author=other_resident)
    make_proposal(
        envelope=other_envelope, author=other_resident, title="Bike racks at the library",
        summary="Covered racks for twenty bikes.", category="streets",
    )
    return process


def test_resident_proposes_and_moderator_marks_feasible(
    live_server, new_page, round_with_proposals, moderator, process_admin
):
    process = round_with_proposals
    base = live_server.url
    page = new_page()

    # Home and the process page.
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Decide how public money")
    assert_accessible(page)
    page.get_by_role("link", name=process.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(process.title)
    expect(page.locator("[aria-current=step]")).to_contain_text("Ideas")
    assert_accessible(page)

    # Proposing needs an account: the sign-in page offers one and remembers where we were going.
    page.get_by_role("link", name="Propose an idea").click()
    expect(page).to_have_url(re.compile(r"/account/login/\?next="))
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    assert_accessible(page)
    page.get_by_label("Your name").fill(RESIDENT["name"])
    page.get_by_label("Email address").fill(RESIDENT["email"])
    page.get_by_label("Create a password").fill(RESIDENT["password"])
    page.get_by_label("Type the password again").fill(RESIDENT["password"])
    page.get_by_role("button", name="Create account").click()

    # The address must be confirmed first: the link in the email does it, and signs in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    page.goto(base + link_in(sent_to(RESIDENT["email"])[-1], "/account/confirm-email/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    # Straight on to the empty proposal form.
    expect(page).to_have_url(f"{base}/p/{process.slug}/proposals/new/")
    expect(page.get_by_role("status").first).to_contain_text("confirmed")
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose an idea")
    assert_accessible(page)

    # A form with mistakes: an error summary, a message at each field, nothing typed is lost.
    page.get_by_label("Title").fill(IDEA["title"])
    page.get_by_label("Estimated cost").fill("-50")
    page.get_by_role("button", name="Submit your idea").click()
    expect(page).to_have_title(re.compile(r"^Error: Propose an idea"))
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()  # read first, as the GOV.UK pattern has it
    for message in ("Choose which area your idea is for.", "Enter a summary.",
                    "Describe your idea.", "The cost must be at least £1.",
                    "Choose a category."):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
        expect(page.locator(".form-group--error .error-message", has_text=message)).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title")).to_have_value(IDEA["title"])
    expect(page.get_by_label("Estimated cost")).to_have_value("-50")
    assert_accessible(page)
    # The summary's link takes you to the field.
    summary.get_by_role("link", name="Enter a summary.").click()
    expect(page).to_have_url(re.compile(r"#id_summary$"))

    # Put it right and submit.
    page.get_by_label("Riverside ward").check()
    page.get_by_label("Summary").fill(IDEA["summary"])
    page.get_by_label("Describe your idea").fill(IDEA["description"])
    page.get_by_label("Estimated cost").fill(IDEA["cost"])
    page.get_by_label("Category").select_option(label="Children and young people")
    page.get_by_label("Where would it happen?").fill(IDEA["location"])
    page.get_by_role("button", name="Submit your idea").click()
    expect(page.get_by_role("status")).to_contain_text("Your idea has been submitted")
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA["title"])
    expect(page.locator(".status-panel")).to_contain_text("Submitted")
    assert_accessible(page)
    proposal = Proposal.objects.get(title=IDEA["title"])
    assert proposal.author.email == RESIDENT["email"]
    assert str(proposal.estimated_cost) == "12500.00"

    # The public list shows it; the search filters the list in place through htmx.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Proposals").click()
    results = page.locator("#results")
    expect(results.get_by_role("heading", level=2)).to_have_text("3 proposals")
    expect(results.get_by_role("link", name=IDEA["title"])).to_be_visible()
    assert_accessible(page)
    page.evaluate("window.kistNoReload = true")
    page.get_by_role("searchbox", name="Search").press_sequentially("meadows")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 proposal")
    expect(results.get_by_role("link", name=IDEA["title"])).to_be_visible()
    expect(results.get_by_role("link", name="Bike racks at the library")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=meadows"))
    assert page.evaluate("window.kistNoReload") is True, "the search reloaded the whole page"
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("meadows")
    assert_accessible(page)

    # The resident's own list.
    page.get_by_role("link", name="Your proposals").click()
    expect(page.get_by_role("row", name=re.compile(IDEA["title"]))).to_contain_text("Submitted")
    assert_accessible(page)
    sign_out(page)

    # A moderator of the council (a partner in the process) reviews it.
    staff = new_page()
    sign_in(staff, base, moderator.email)
    staff.goto(f"{base}/p/{process.slug}/")
    staff.get_by_role("link", name="Moderation queue").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    assert_accessible(staff)
    assert_reflows(staff)
    staff.locator("#results").get_by_role("link", name=IDEA["title"]).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(IDEA["title"])
    assert_accessible(staff)
    review = staff.get_by_role("region", name="Record a review")
    review.get_by_role("group", name="Decision").get_by_label("Feasible", exact=True).check()
    review.get_by_label("Revised cost").fill("9750.50")
    reason = "The parks team can build this for less using the existing path and fencing."
    review.get_by_label("Reason shown to the public").fill(reason)
    review.get_by_label("Private note").fill("Checked with parks on Tuesday.")
    review.get_by_role("button", name="Save review").click()
    expect(staff.get_by_role("status")).to_contain_text("Your review has been recorded")
    expect(staff.locator("main .tag").first).to_have_text("Feasible")
    assert_accessible(staff)

    # The public page, seen by someone not signed in, shows the outcome.
    public = new_page()
    public.goto(base + proposal.get_absolute_url())
    status = public.locator(".status-panel")
    expect(status).to_contain_text("Feasible")
    expect(status).to_contain_text(reason)
    expect(public.get_by_role("definition").filter(has_text="£9,750.50")).to_be_visible()
    expect(public.locator("main")).not_to_contain_text("Checked with parks")
    assert_accessible(public)

    # The process admin reads the audit log.
    sign_out(staff)
    sign_in(staff, base, process_admin.email)
    staff.goto(f"{base}/p/{process.slug}/audit/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Audit log")
    reviewed = staff.get_by_role("listitem").filter(
        has=staff.get_by_role("heading", name="Recorded a review decision"))
    expect(reviewed).to_contain_text(moderator.email)
    expect(reviewed).to_contain_text("submitted → feasible")
    assert_accessible(staff)
    assert_reflows(staff)
    # Filtered to one person, the moderator's actions only.
    staff.get_by_label("Person").select_option(label=moderator.email)
    staff.get_by_role("button", name="Show these entries").click()
    expect(staff.get_by_role("heading", name="Recorded a review decision")).to_be_visible()
    assert_accessible(staff)
    assert_reflows(staff, 320)
    assert AuditEntry.objects.filter(action="proposal.reviewed", actor=moderator).count() == 1


def test_sign_up_form_works_by_keyboard_alone(live_server, page, db):
    """Tab reaches every field and the button in order, each with a visible focus indicator."""
    page.goto(live_server.url + "/account/signup/")
    assert_accessible(page)
    expected = ["id_name", "id_email", "id_password1", "id_password2", "submit"]
    values = {"id_name": "Ailsa", "id_email": "ailsa@example.com",
              "id_password1": "tide-marram-beacon-7", "id_password2": "tide-marram-beacon-7"}
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el.type === 'submit' && el.closest('main') ? 'submit' : el.id; }"
        )
        if focused in expected and focused not in reached:
            reached.append(focused)
            assert_visible_focus(page)
            if focused in values:
                page.keyboard.type(values[focused])
        if focused == "submit":
            break
    assert reached == expected
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")


def assert_reflows(page, width: int = 375) -> None:
    """At a phone's width the page does not scroll sideways (WCAG 1.4.10); wide tables
    scroll inside their own box instead."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": size["height"]})
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"
    finally:
        page.set_viewport_size(size)


FOCUS_STYLE = """(el) => {
  const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
          s.borderColor].join('|');
}"""


def assert_visible_focus(page) -> None:
    """The focused element looks different from the same element without focus."""
    focused = page.evaluate_handle("document.activeElement")
    with_focus = focused.evaluate(FOCUS_STYLE)
    focused.evaluate("(el) => el.blur()")
    without_focus = focused.evaluate(FOCUS_STYLE)
    focused.evaluate("(el) => el.focus()")
    assert with_focus != without_focus, f"no visible focus indicator: {with_focus}"
    outline, width = with_focus.split("|")[:2]
    assert (outline != "none" and width != "0px") or "rgb(255, 221, 0)" in with_focus


def test_axe_check_reports_serious_violations(page):
    """The helper itself: a page with known faults fails with a readable list of them."""
    page.set_content(
        "<!DOCTYPE html><html><head><title>Broken</title></head><body><main>"
        "<h1>Broken</h1><img src='x.png'><input type='text' id='nameless'>"
        "<p style='color:#ccc;background:#fff'>Faint text</p></main></body></html>"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("image-alt", "label", "color-contrast"):
        assert f"- {rule} (" in report, report
    assert "#nameless" in report
