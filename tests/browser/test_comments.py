"""Talking about an idea in a real browser: a resident comments and replies in place (htmx)
and, with JavaScript off, by plain forms; another reports a comment and a moderator hides it
with a reason everyone reads. Every page visited passes axe at 1100 px and 320 px."""

import pytest
from playwright.sync_api import expect

from budgeting.comments import services
from budgeting.comments.models import Comment
from tests.browser.conftest import assert_accessible, assert_accessible_at_both_widths, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_resident_comments_and_replies_without_the_page_reloading(live_server, page,
                                                                    proposal, other_resident):
    sign_in(page, live_server.url, other_resident.email, PASSWORD)
    page.goto(live_server.url + proposal.get_absolute_url())
    expect(page.get_by_role("heading", name="0 comments")).to_be_visible()
    assert_accessible_at_both_widths(page)
    # A mark on the window: a reload would wipe it.
    page.evaluate("window.kistNoReload = true")

    page.get_by_label("Your comment").fill("Could they go by the play park too?")
    page.get_by_label("Name shown (optional)").fill("Tom from Kirkton")
    page.get_by_role("button", name="Post your comment").click()
    expect(page.locator("#comments-status")).to_have_text("Your comment is posted.")
    thread = page.locator(".comments__thread").first
    expect(thread).to_contain_text("Could they go by the play park too?")
    expect(thread).to_contain_text("Tom from Kirkton")
    expect(page.get_by_role("heading", name="1 comment", exact=True)).to_be_visible()
    assert page.evaluate("window.kistNoReload") is True
    # Focus goes to the new comment, not back to the top of the page.
    expect(page.locator(f"#comment-{Comment.objects.get().pk}")).to_be_focused()

    thread.get_by_text("Reply to Tom from Kirkton").click()
    thread.get_by_label("Your comment").fill("Or by the bridge.")
    thread.get_by_role("button", name="Post your reply").click()
    expect(page.locator(".comments__replies")).to_contain_text("Or by the bridge.")
    assert page.evaluate("window.kistNoReload") is True
    assert Comment.objects.filter(parent__isnull=False).count() == 1
    assert_accessible_at_both_widths(page)

    # An empty comment is refused in place, saying why.
    page.get_by_role("button", name="Post your comment").click()
    expect(page.get_by_role("alert")).to_contain_text("Write your comment.")
    expect(page.locator(".error-summary")).to_be_focused()
    assert Comment.objects.count() == 2
    assert_accessible(page)


def test_without_javascript_comments_post_and_mistakes_are_explained(live_server, new_page,
                                                                     proposal, other_resident):
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server.url, other_resident.email, PASSWORD)
    page.goto(live_server.url + proposal.get_absolute_url())

    page.get_by_label("Name shown (optional)").fill("Tom")
    page.get_by_role("button", name="Post your comment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Write your comment.")).to_be_visible()
    expect(page.get_by_label("Name shown (optional)")).to_have_value("Tom")

    page.get_by_label("Your comment").fill("Plain forms work too.")
    page.get_by_role("button", name="Post your comment").click()
    comment = Comment.objects.get()
    assert page.url.endswith(f"{proposal.get_absolute_url()}#comment-{comment.pk}")
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Plain forms work too.")

    # A reply through the details element, which opens without JavaScript.
    page.get_by_text("Reply", exact=False).first.click()
    page.locator(".comments__reply").get_by_label("Your comment").fill("And replies.")
    page.get_by_role("button", name="Post your reply").click()
    expect(page.locator(".comments__replies")).to_contain_text("And replies.")


def test_a_moderator_hides_a_reported_comment_with_a_reason_everyone_reads(
        live_server, new_page, proposal, other_resident, resident, moderator):
    services.comment_post(author=other_resident, target=proposal,
                          text="Whoever wants this is an idiot.")
    page = new_page()
    sign_in(page, live_server.url, resident.email, PASSWORD)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_role("button", name="Report this comment to the moderators").click()
    expect(page.locator("#comments-status")).to_have_text(
        "Thank you. The moderators will look at this comment.")
    expect(page.get_by_text("You reported this comment.")).to_be_visible()

    staff = new_page()
    sign_in(staff, live_server.url, moderator.email, PASSWORD)
    staff.goto(live_server.url + f"/p/{proposal.process.slug}/moderation/comments/")
    expect(staff.get_by_text("reported 1 time")).to_be_visible()
    assert_accessible_at_both_widths(staff)
    staff.get_by_role("link", name=f"On {proposal.title}").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Moderate a comment")
    assert_accessible_at_both_widths(staff)
    staff.get_by_role("button", name="Hide the comment").click()
    expect(staff.get_by_role("link", name="Enter a reason.")).to_be_visible()
    staff.get_by_label("Reason").fill("It insults other residents.")
    staff.get_by_role("button", name="Hide the comment").click()
    expect(staff.get_by_text("The comment is hidden")).to_be_visible()

    page.reload()
    expect(page.get_by_text("A moderator hid this comment: It insults other residents.")
           ).to_be_visible()
    expect(page.get_by_text("Whoever wants this is an idiot.")).to_have_count(0)
    assert_accessible(page)
