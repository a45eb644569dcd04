"""Residents and staff commenting on proposals and projects: who, when, and what is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from budgeting.comments import services
from budgeting.comments.models import Comment
from budgeting.models import Process
from tests.budgeting.delivery.delivery_helpers import make_project
from tests.conftest import make_user, set_phase


def _post_url(proposal):
    return reverse("proposal_comment", kwargs={"slug": proposal.process.slug, "pk": proposal.pk})


def test_a_resident_comments_on_a_proposal_and_is_shown_as_they_chose(client, proposal,
                                                                     other_resident):
    client.force_login(other_resident)
    response = client.post(_post_url(proposal), {"text": "Yes please, by the play park too.",
                                                 "shown_as": "Tom from Kirkton"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{proposal.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Yes please, by the play park too." in page
    assert "Tom from Kirkton" in page
    assert comment.partner is None


def test_without_a_name_a_comment_is_shown_as_a_resident(client, proposal, other_resident):
    client.force_login(other_resident)
    client.post(_post_url(proposal), {"text": "Good idea."})
    client.logout()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "A resident" in page
    assert other_resident.email not in page and "Tom" not in page


def test_html_in_a_comment_is_shown_as_text(client, proposal, other_resident):
    client.force_login(other_resident)
    client.post(_post_url(proposal), {"text": '<script>alert("x")</script><b>bold</b>'})
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.parametrize(("text", "message"), [
    ("", "Write your comment."),
    ("   \n ", "Write your comment."),
    ("x" * 2001, "A comment must be 2,000 characters or fewer."),
])
def test_an_empty_or_over_long_comment_is_refused_and_what_was_typed_is_kept(
        client, proposal, other_resident, text, message):
    client.force_login(other_resident)
    response = client.post(_post_url(proposal), {"text": text, "shown_as": "Tom"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert 'value="Tom"' in page
    assert not Comment.objects.exists()


def test_with_htmx_the_conversation_comes_back_with_the_new_comment(client, proposal,
                                                                    other_resident):
    client.force_login(other_resident)
    response = client.post(_post_url(proposal), {"text": "Count me in."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="comments-body"')
    assert "Count me in." in page and "Your comment is posted." in page
    assert 'hx-swap-oob="innerHTML"' in page


def test_with_htmx_a_refused_comment_comes_back_with_its_error(client, proposal, other_resident):
    client.force_login(other_resident)
    response = client.post(_post_url(proposal), {"text": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Write your comment." in response.content.decode()
    assert not Comment.objects.exists()


def test_someone_signed_out_or_unverified_cannot_comment(client, proposal):
    assert client.post(_post_url(proposal), {"text": "Hello"}).status_code == 302
    unverified = make_user("new@example.com", verified=False)
    client.force_login(unverified)
    client.post(_post_url(proposal), {"text": "Hello"})
    assert not Comment.objects.exists()


def test_a_reply_answers_a_comment_one_level_deep(proposal, resident, other_resident):
    first = services.comment_post(author=other_resident, target=proposal, text="Where exactly?")
    reply = services.comment_post(author=resident, target=proposal, text="By the bridge.",
                                  parent=first)
    again = services.comment_post(author=other_resident, target=proposal, text="Thanks!",
                                  parent=reply)
    assert reply.parent == first
    assert again.parent == first  # answering a reply joins its conversation


def test_a_reply_to_a_comment_about_something_else_is_refused(envelope, proposal, resident,
                                                              other_resident):
    from tests.conftest import make_proposal

    other = make_proposal(envelope=envelope, author=resident, title="A mural")
    first = services.comment_post(author=other_resident, target=other, text="Lovely")
    with pytest.raises(ValidationError, match="about something else"):
        services.comment_post(author=resident, target=proposal, text="Hm", parent=first)


def test_a_hidden_or_withdrawn_proposal_takes_no_comments(proposal, other_resident, moderator):
    from budgeting.proposals import services as proposal_services

    proposal_services.proposal_withdraw(proposal=proposal, author=proposal.author)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.comment_post(author=other_resident, target=proposal, text="Shame")
    proposal.refresh_from_db()
    proposal_services.proposal_hide(proposal=proposal, moderator=moderator, reason="Spam")
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="not public"):
        services.comment_post(author=other_resident, target=proposal, text="Shame")


def test_a_comment_on_a_hidden_proposal_is_refused_at_its_page(client, proposal, other_resident,
                                                              moderator):
    from budgeting.proposals import services as proposal_services

    proposal_services.proposal_hide(proposal=proposal, moderator=moderator, reason="Spam")
    client.force_login(other_resident)
    assert client.post(_post_url(proposal), {"text": "Hello"}).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("phase", ["ideas", "review", "shortlisting"])
def test_proposals_take_comments_while_ideas_come_in_are_checked_and_shortlisted(
        process, proposal, other_resident, phase):
    set_phase(process, phase)
    proposal.refresh_from_db()
    services.comment_post(author=other_resident, target=proposal, text="Still keen")
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("phase", ["voting", "results"])
def test_once_voting_opens_a_proposal_is_read_not_commented_on(process, proposal,
                                                              other_resident, phase):
    set_phase(process, phase)
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.comment_post(author=other_resident, target=proposal, text="Too late?")


def test_a_project_takes_comments_while_voting_and_is_read_only_after(process, envelope,
                                                                     proposal, other_resident):
    project = make_project(envelope, proposal, funded=False)
    set_phase(process, "voting")
    project.refresh_from_db()
    services.comment_post(author=other_resident, target=project, text="Voting for this")
    set_phase(process, "results")
    project.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.comment_post(author=other_resident, target=project, text="Yay")
    assert Comment.objects.get().project == project


def test_a_process_admin_can_close_comments_in_a_phase(process, proposal, other_resident):
    Process.objects.filter(pk=process.pk).update(comment_phases=["review", "voting"])
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.comment_post(author=other_resident, target=proposal, text="Hello")


def test_staff_comments_are_marked_with_their_partner(client, proposal, moderator, council):
    client.force_login(moderator)
    client.post(_post_url(proposal), {"text": "Parks have looked at this."})
    comment = Comment.objects.get()
    assert comment.partner == council
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert council.name in page and "Staff" in page


def test_an_author_changes_their_comment_within_fifteen_minutes_only(client, proposal,
                                                                    other_resident, resident):
    comment = services.comment_post(author=other_resident, target=proposal, text="Typo hre")
    url = reverse("comment_edit", kwargs={"slug": proposal.process.slug, "pk": comment.pk})
    client.force_login(resident)
    client.post(url, {"text": "Not yours"})
    comment.refresh_from_db()
    assert comment.text == "Typo hre"
    client.force_login(other_resident)
    assert client.post(url, {"text": "Typo here"}).status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Typo here" and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=16))
    client.post(url, {"text": "Changed much later"})
    comment.refresh_from_db()
    assert comment.text == "Typo here"
    with pytest.raises(ValidationError, match="time is up"):
        services.comment_edit(comment=comment, author=other_resident, text="Again")
    with pytest.raises(PermissionDenied):
        services.check_may_edit(comment=comment, author=resident)


@pytest.mark.parametrize("parent", ["²", "abc", "-1", "99999999"])
def test_a_reply_to_a_comment_that_is_not_there_is_refused_without_an_error_page(
        client, proposal, other_resident, parent):
    client.force_login(other_resident)
    response = client.post(_post_url(proposal), {"text": "Hello", "parent": parent})
    assert response.status_code == 400
    assert "The comment you were answering is not there any more." in response.content.decode()
    assert not Comment.objects.exists()


def test_with_htmx_someone_signed_out_is_sent_to_sign_in_not_shown_it_in_place(client,
                                                                              proposal):
    response = client.post(_post_url(proposal), {"text": "Hello"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("account_login"))
    unverified = make_user("new@example.com", verified=False)
    client.force_login(unverified)
    response = client.post(_post_url(proposal), {"text": "Hello"}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("account_email")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Confirm your email address to comment" in page and "Post your comment" not in page


def test_a_get_on_a_post_only_page_is_refused_and_sends_nothing(client, proposal, mailoutbox):
    unverified = make_user("new@example.com", verified=False)
    client.force_login(unverified)
    assert client.get(_post_url(proposal)).status_code == 405
    assert mailoutbox == []


def test_a_resident_cannot_pass_as_one_of_the_rounds_partners(proposal, other_resident,
                                                             council):
    with pytest.raises(ValidationError, match="partners"):
        services.comment_post(author=other_resident, target=proposal, text="Official!",
                              shown_as=council.name.upper())
