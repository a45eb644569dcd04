"""Reporting comments, and moderators hiding them with a reason everyone can read."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budgeting.comments import services
from budgeting.comments.models import CommentFlag
from budgeting.models import AuditEntry


@pytest.fixture
def comment(proposal, other_resident):
    return services.comment_post(author=other_resident, target=proposal,
                                 text="Only idiots want benches.")


def test_a_resident_reports_a_comment_once(client, comment, resident):
    url = reverse("comment_flag", kwargs={"slug": comment.proposal.process.slug, "pk": comment.pk})
    client.force_login(resident)
    client.post(url)
    response = client.post(url, follow=True)
    assert CommentFlag.objects.filter(comment=comment).count() == 1
    assert "You have already reported this comment." in response.content.decode()


def test_no_one_reports_their_own_comment(comment, other_resident):
    with pytest.raises(ValidationError, match="your own"):
        services.comment_flag(comment=comment, user=other_resident)


def test_reported_comments_wait_for_the_moderators_most_reported_first(client, comment,
                                                                      moderator, resident):
    services.comment_flag(comment=comment, user=resident)
    client.force_login(moderator)
    page = client.get(reverse("moderation_comments", args=[comment.proposal.process.slug]))
    assert "Only idiots want benches." in page.content.decode()
    assert "reported 1 time" in page.content.decode()


def test_a_moderator_hides_a_comment_with_a_public_reason_and_it_is_audited(client, comment,
                                                                           moderator,
                                                                           resident):
    services.comment_flag(comment=comment, user=resident)
    url = reverse("moderation_comment", kwargs={"slug": comment.proposal.process.slug,
                                                "pk": comment.pk})
    client.force_login(moderator)
    assert client.post(url, {"hide-reason": "Insults other residents."}).status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Insults other residents."
    entry = AuditEntry.objects.get(action="comment.hidden")
    assert entry.actor == moderator and entry.after["flags"] == 1
    assert "idiots" not in entry.target_label  # the log names the comment, not its words
    client.logout()
    page = client.get(comment.proposal.get_absolute_url()).content.decode()
    assert "Only idiots want benches." not in page
    assert "A moderator hid this comment: Insults other residents." in page


def test_hiding_needs_a_reason_and_what_was_typed_stays(client, comment, moderator):
    url = reverse("moderation_comment", kwargs={"slug": comment.proposal.process.slug,
                                                "pk": comment.pk})
    client.force_login(moderator)
    response = client.post(url, {"hide-reason": "  "})
    assert response.status_code == 400
    assert "Enter a reason." in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_a_hidden_comment_is_restored_with_a_reason_and_its_reports_cleared(comment, moderator,
                                                                           resident):
    services.comment_flag(comment=comment, user=resident)
    services.comment_hide(comment=comment, moderator=moderator, reason="Rude")
    with pytest.raises(ValidationError, match="already hidden"):
        services.comment_hide(comment=comment, moderator=moderator, reason="Rude")
    services.comment_restore(comment=comment, moderator=moderator, reason="Reviewed again")
    comment.refresh_from_db()
    assert not comment.is_hidden and not comment.flags.exists()
    assert AuditEntry.objects.get(action="comment.restored").after["reason"] == "Reviewed again"


def test_only_the_rounds_moderators_hide_comments(client, comment, resident, outside_moderator):
    for person in (resident, outside_moderator):
        with pytest.raises(PermissionDenied):
            services.comment_hide(comment=comment, moderator=person, reason="Mine")
    client.force_login(outside_moderator)
    url = reverse("moderation_comments", args=[comment.proposal.process.slug])
    assert client.get(url).status_code == 403


def test_a_hidden_comment_takes_no_replies(comment, moderator, resident):
    services.comment_hide(comment=comment, moderator=moderator, reason="Rude")
    with pytest.raises(ValidationError, match="hidden"):
        services.comment_post(author=resident, target=comment.proposal, text="Agreed",
                              parent=comment)


def test_comments_on_a_hidden_proposal_cannot_be_reported_or_seen_through_a_report(
        client, comment, moderator, resident):
    from budgeting.proposals import services as proposal_services

    proposal_services.proposal_hide(proposal=comment.proposal, moderator=moderator,
                                    reason="Spam")
    url = reverse("comment_flag", kwargs={"slug": comment.proposal.process.slug, "pk": comment.pk})
    client.force_login(resident)
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert "idiots" not in response.content.decode()
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="not public"):
        services.comment_flag(comment=comment, user=resident)
