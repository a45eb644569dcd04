"""Staff voting pages in a real browser: a moderator enters a paper batch and reconciles it;
a process admin sets the rules and issues voting codes with their printable QR cards. Every
page visited passes an axe check."""

import csv
import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.voting.staff.staff_setup import voting_round
from voting.casting.code_lookup import code_find
from voting.mixing import ballot_box_sweep
from voting.models import Ballot, BallotRules, PaperBatch, SealedBallot
from voting.staff.services import paper_ballot_enter

pytestmark = pytest.mark.browser


def test_a_moderator_enters_and_closes_a_paper_batch(live_server, page, new_page, process,
                                                    envelope, moderator, outside_moderator,
                                                    outsider_partner):
    voting_round(process, envelope)  # knapsack in a £60,000 envelope
    process.partners.add(outsider_partner)  # the Hillside Trust's moderator checks the count
    base = live_server.url
    sign_in(page, base, moderator.email)

    page.goto(f"{base}/p/{process.slug}/")
    page.get_by_role("link", name="Voting (staff)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voting")
    assert_accessible(page)
    page.get_by_role("link", name="Paper batches – Riverside ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paper batches")
    assert_accessible(page)

    # A mistake first: the summary names each problem and nothing typed is lost.
    opening = page.get_by_role("region", name="Open a batch")
    opening.get_by_label("Event", exact=True).fill("Riverside gala day")
    opening.get_by_label("Number of ballot papers").fill("none")
    opening.get_by_role("button", name="Open the batch").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link", name="Enter where the event was held.")).to_be_visible()
    expect(page.get_by_label("Event", exact=True)).to_have_value("Riverside gala day")
    assert_accessible(page)
    page.get_by_label("Place").fill("Riverside hall")
    page.get_by_label("Date of the event").fill(date.today().isoformat())
    page.get_by_label("Number of ballot papers").fill("4")
    page.get_by_role("button", name="Open the batch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside gala day, Riverside hall")
    expect(page.get_by_role("status")).to_contain_text("The batch is open")
    assert_accessible(page)

    # The first paper, then straight on to the next from the keyboard.
    paper = page.get_by_role("group", name="Choices on this paper")
    paper.get_by_label("Play park (£25,000)").check()
    paper.get_by_label("River benches (£8,000)").check()
    page.get_by_role("button", name="Enter this paper").click()
    expect(page.get_by_role("status")).to_contain_text("Ballot paper entered (1 of 4 declared)")
    expect(page.get_by_label("Play park (£25,000)")).to_be_focused()
    assert_accessible(page)

    # A paper over the budget is refused and stays as typed.
    page.keyboard.press("Space")
    paper.get_by_label("Library bike racks (£12,000)").check()
    paper.get_by_label("Community orchard (£30,000)").check()
    page.get_by_role("button", name="Enter this paper").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_contain_text("£7,000 more than the £60,000")
    expect(paper.get_by_label("Play park (£25,000)")).to_be_checked()
    expect(paper.get_by_label("Community orchard (£30,000)")).to_be_checked()
    assert_accessible(page)
    paper.get_by_label("Community orchard (£30,000)").uncheck()
    page.get_by_role("button", name="Enter this paper").click()
    expect(page.get_by_role("status")).to_contain_text("Ballot paper entered (2 of 4 declared)")

    # That one was typed wrongly: void it by its reference, and enter the paper again.
    reference = re.search(r"reference is (\S+)\.", page.get_by_role("status").inner_text())[1]
    void = page.get_by_role("region", name="Void a mistyped entry")
    void.get_by_label("Reference of the entry").fill(reference)
    void.get_by_label("Why it is void").fill("Ticked the orchard by mistake")
    void.get_by_role("button", name="Void this entry").click()
    expect(page.get_by_role("status")).to_contain_text("The entry is void")
    expect(page.get_by_role("status")).to_contain_text("1 of 4 papers entered")
    assert_accessible(page)
    paper.get_by_label("Play park (£25,000)").check()
    paper.get_by_label("Library bike racks (£12,000)").check()
    page.get_by_role("button", name="Enter this paper").click()
    expect(page.get_by_role("status")).to_contain_text("Ballot paper entered (2 of 4 declared)")

    # A spoilt paper, with its reason.
    spoil = page.get_by_role("region", name="Record a spoilt paper")
    spoil.get_by_label("Why the paper is spoilt").fill("More crosses than the budget allows")
    spoil.get_by_role("button", name="Record as spoilt").click()
    expect(page.get_by_role("status")).to_contain_text("Spoilt ballot paper recorded (3 of 4")
    expect(page.locator(".batch-counts")).to_contain_text("Difference: 1 paper still to enter.")

    # Three papers entered, four declared: closing is refused and says why.
    page.get_by_role("button", name="Ask to close the batch").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("3 ballot papers have been entered but 4 were declared.")
    assert_accessible(page)
    assert PaperBatch.objects.get().status == PaperBatch.Status.OPEN

    # Counted again at the hall: there were three. Correct, then close.
    page.get_by_label("Correct number of ballot papers").fill("3")
    page.get_by_role("button", name="Correct the number").click()
    expect(page.get_by_role("status")).to_contain_text("The declared number is now 3.")
    expect(page.locator(".batch-counts")).to_contain_text("Entered and declared match.")
    page.get_by_role("button", name="Ask to close the batch").click()
    expect(page.get_by_role("heading", name="Waiting for a second check")).to_be_visible()
    expect(page.get_by_role("button", name="Enter this paper")).to_have_count(0)
    assert_accessible(page)

    # Two pairs of eyes: someone of another partner counts again and confirms.
    checker = new_page()
    sign_in(checker, base, outside_moderator.email)
    checker.goto(page.url)
    checker.get_by_role("button", name="The count is right: close the batch").click()
    expect(checker.get_by_role("heading", name="This batch is closed")).to_be_visible()
    expect(checker.get_by_role("main")).to_contain_text("checked by moderator@hillside.example")
    assert_accessible(checker)
    page.reload()

    batch = PaperBatch.objects.get()
    assert (batch.status, batch.declared_count) == (PaperBatch.Status.CLOSED, 3)
    # The closed batch's papers are mixed by the worker's next sweep (here, at once).
    assert SealedBallot.objects.filter(batch=batch).count() == 2
    ballot_box_sweep()
    assert not SealedBallot.objects.exists()
    assert Ballot.objects.filter(batch=batch, spoilt=False).count() == 2
    assert Ballot.objects.filter(batch=batch, spoilt=True, voided=False).count() == 1
    assert Ballot.objects.get(batch=batch, voided=True).spoilt_reason == (
        "Ticked the orchard by mistake")

    page.get_by_role("link", name="All paper batches for this envelope").click()
    expect(page.get_by_role("row", name=re.compile("Riverside gala day"))).to_contain_text(
        "Closed")
    assert_accessible(page)


def test_a_process_admin_sets_the_rules_and_issues_printable_codes(
    live_server, page, process, envelope, process_admin
):
    voting_round(process, envelope)
    base = live_server.url
    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/voting/staff/")
    assert_accessible(page)

    # The ballot rules: a mistake, then saved.
    page.get_by_role("link", name="Change the ballot rules – Riverside ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ballot rules")
    assert_accessible(page)
    page.get_by_label("Choose a number of projects").check()
    page.get_by_label("Fewest projects a voter must choose").fill("4")
    page.get_by_label("Most projects a voter may choose").fill("3")
    page.get_by_role("button", name="Save the ballot rules").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "The most projects cannot be fewer than the fewest.")
    expect(page.get_by_label("Choose a number of projects")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Fewest projects a voter must choose").fill("1")
    page.get_by_role("button", name="Save the ballot rules").click()
    expect(page.get_by_role("status")).to_contain_text("The ballot rules for Riverside ward")
    expect(page.locator("main")).to_contain_text(
        "Choose a number of projects. Choose 1 to 3 projects.")
    assert BallotRules.objects.get(envelope=envelope).ballot_type == "approval"

    # Three codes, shown once as cards with a QR code each and as a CSV file.
    page.get_by_role("link", name="Issue voting codes – Riverside ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Issue voting codes")
    assert_accessible(page)
    page.get_by_label("How many codes").fill("3")
    page.get_by_label("Note (optional)").fill("Library drop-in")
    page.get_by_role("button", name="Issue the codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("3 voting codes issued")
    cards = page.locator(".code-card")
    expect(cards).to_have_count(3)
    qr_images = page.get_by_role("img", name=re.compile("^QR code that opens the ballot"))
    expect(qr_images).to_have_count(3)
    for i in range(3):
        box = qr_images.nth(i).bounding_box()
        assert box["width"] >= 100 and box["height"] >= 100
    codes = [c.strip() for c in page.locator(".code-card__code").all_inner_texts()]
    for code in codes:
        assert code_find(typed=code).batch.envelope == envelope
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the CSV file (3 codes)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0] == ["code", "envelope", "url"]
    assert [row[0] for row in rows[1:]] == codes
    assert rows[1][2] == f"{base}/vote/code/#code={codes[0]}"

    # Printed, only the cards are left.
    page.emulate_media(media="print")
    expect(page.locator(".header")).to_be_hidden()
    expect(page.get_by_role("link", name="Download the CSV file (3 codes)")).to_be_hidden()
    expect(cards.first).to_be_visible()
    page.emulate_media(media="screen")

    # Back on the overview the batch shows as counts only.
    page.get_by_role("link", name="Back to voting").click()
    expect(page.locator("main")).to_contain_text("Library drop-in")
    for code in codes:
        expect(page.locator("main")).not_to_contain_text(code)


def test_locked_rules_and_a_big_code_batch_are_accessible(live_server, page, process, envelope,
                                                         process_admin, moderator):
    from tests.voting.staff.staff_setup import open_batch

    projects = voting_round(process, envelope)
    batch = open_batch(envelope, moderator, declared=1)
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[1].pk: 1})
    base = live_server.url
    sign_in(page, base, process_admin.email)
    page.goto(f"{base}/p/{process.slug}/voting/staff/")
    page.get_by_role("link", name="See the ballot rules – Riverside ward").click()
    expect(page.get_by_role("heading", name="These rules are locked")).to_be_visible()
    expect(page.get_by_role("button", name="Save the ballot rules")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{base}/p/{process.slug}/voting/staff/envelopes/{envelope.pk}/codes/")
    page.get_by_label("How many codes").fill("501")
    page.get_by_role("button", name="Issue the codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("501 voting codes issued")
    expect(page.locator(".code-list li")).to_have_count(501)
    expect(page.get_by_role("img")).to_have_count(0)
    assert_accessible(page)
