"""Comment pages and posts. Each post works with htmx (the conversation is swapped in place)
and without JavaScript (a redirect back to the page, or a page of its own for a mistake)."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.utils import has_verified_email
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.comments import selectors, services
from budgeting.comments.forms import CommentEditForm, CommentForm, ModerationReasonForm
from budgeting.comments.models import Comment, kind_of
from budgeting.delivery import selectors as projects
from budgeting.models import Process
from budgeting.pages import add_errors, page_of, posted, posted_id
from budgeting.permissions import can_moderate, check_moderator
from budgeting.proposals import selectors as proposals

SHOWS = {"flagged": pgettext_lazy("comments waiting for a moderator", "Reported"),
         "hidden": pgettext_lazy("comments a moderator hid", "Hidden"),
         "all": pgettext_lazy("all comments", "All")}


def _target(process: Process, kind: str, pk: int):
    if kind == "proposal":
        target = proposals.proposal_public_or_none(process=process, pk=pk)
    else:
        target = projects.project_public_or_none(process=process, pk=pk)
    if target is None:
        raise Http404(_("There is nothing public with that number."))
    return target


def _post_url(target) -> str:
    return reverse(f"{kind_of(target)}_comment",
                   kwargs={"slug": target.envelope.process.slug, "pk": target.pk})


def conversation(request: HttpRequest, target, *, form: CommentForm | None = None,
                 reply_to: int | None = None, posted: int | None = None,
                 is_moderator: bool | None = None) -> dict:
    """What the comments part of a proposal's or a project's page shows."""
    process = target.envelope.process
    user = request.user
    threads = selectors.threads(target=target)
    for thread in threads:
        pk = thread.comment.pk
        thread.reply_form = (form if reply_to == pk and form is not None
                             else CommentForm(prefix_id=f"reply-{pk}"))
    return {
        "kind": kind_of(target), "target": target, "process": process,
        "threads": threads,
        "count": selectors.comment_count(target=target),
        "open": services.is_open(target=target),
        "form": form if form is not None and reply_to is None else CommentForm(),
        "reply_to": reply_to,
        "flagged": selectors.flagged_for(user=user, target=target),
        "is_moderator": (can_moderate(user=user, process=process) if is_moderator is None
                         else is_moderator),
        "may_post": user.is_authenticated and has_verified_email(user),
        "posted": posted,
        "edit_after": timezone.now() - timedelta(minutes=services.EDIT_MINUTES),
        "post_url": _post_url(target),
    }


def _section(request: HttpRequest, target, *, notice: str = "", **kwargs) -> HttpResponse:
    return render(request, "budgeting/comments/section.html",
                  {"comments": conversation(request, target, **kwargs), "notice": notice})


def _signed_in_and_verified(request: HttpRequest) -> HttpResponse | None:
    """Posting needs a signed-in resident whose email is confirmed. With htmx, a page that says
    so is not swapped into the conversation: the browser is sent to it instead."""
    if not request.user.is_authenticated:
        login = f"{reverse('account_login')}?next={request.path.removesuffix('comments/')}"
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": login})
        return redirect(login)
    if not has_verified_email(request.user):
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": reverse("account_email")})
        messages.error(request, _("Confirm your email address before you comment: the link "
                                  "is in the email we sent you."))
        return redirect("account_email")
    return None


@require_POST
def comment_post(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    if (refused := _signed_in_and_verified(request)) is not None:
        return refused
    process = get_object_or_404(Process, slug=slug)
    target = _target(process, kind, pk)
    reply_to = posted_id(request, "parent")
    form = CommentForm(request.POST, prefix_id=f"reply-{reply_to}" if reply_to else "comment")
    if form.is_valid():
        parent = Comment.objects.filter(pk=reply_to).first() if reply_to else None
        if request.POST.get("parent") and parent is None:
            form.add_error(None, _("The comment you were answering is not there any more."))
        if not form.errors:
            try:
                comment = services.comment_post(
                    author=request.user, target=target, text=form.cleaned_data["text"],
                    parent=parent, shown_as=form.cleaned_data["shown_as"])
            except ValidationError as refused:
                add_errors(form, refused)
            else:
                if request.htmx:
                    return _section(request, target, notice=_("Your comment is posted."),
                                    posted=comment.pk)
                messages.success(request, _("Your comment is posted."))
                return redirect(comment.get_absolute_url())
    if request.htmx:
        return _section(request, target, form=form, reply_to=reply_to)
    return render(request, "budgeting/comments/form_page.html",
                  {"process": process, "target": target, "form": form, "parent": reply_to,
                   "post_url": _post_url(target),
                   "title": _("Reply to a comment") if reply_to else _("Comment")}, status=400)


def _comment_in(process: Process, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related(
        "proposal__envelope__process", "project__envelope__process"), pk=pk)
    if comment.target.envelope.process_id != process.pk:
        raise Http404(_("There is no such comment in this round."))
    return comment


def _public_comment(request: HttpRequest, slug: str, pk: int) -> Comment:
    """A comment on something the public may see in this round, or 404."""
    process = get_object_or_404(Process, slug=slug)
    comment = _comment_in(process, pk)
    _target(process, kind_of(comment.target), comment.target.pk)  # 404 unless public
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    comment = _public_comment(request, slug, pk)
    try:
        services.check_may_edit(comment=comment, author=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(comment.get_absolute_url())
    form = CommentEditForm(posted(request), initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, author=request.user,
                                  text=form.cleaned_data["text"])
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("Your comment is changed."))
            return redirect(comment.get_absolute_url())
    return render(request, "budgeting/comments/edit.html",
                  {"process": comment.target.envelope.process, "comment": comment, "form": form,
                   "minutes": services.EDIT_MINUTES},
                  status=400 if form.errors else 200)


@require_POST
def comment_flag(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _signed_in_and_verified(request)
    comment = _public_comment(request, slug, pk)
    try:
        services.comment_flag(comment=comment, user=request.user)
    except ValidationError as refused:
        notice = " ".join(refused.messages)
        level = messages.ERROR
    else:
        notice = _("Thank you. The moderators will look at this comment.")
        level = messages.SUCCESS
    if request.htmx:
        return _section(request, comment.target, notice=notice)
    messages.add_message(request, level, notice)
    return redirect(comment.get_absolute_url())


def _moderated_comment(request: HttpRequest, slug: str, pk: int) -> tuple[Process, Comment]:
    process = get_object_or_404(Process, slug=slug)
    check_moderator(user=request.user, process=process)
    return process, _comment_in(process, pk)


@login_required
def moderation_comments(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_moderator(user=request.user, process=process)
    show = request.GET.get("show", "flagged")
    if show not in SHOWS:
        show = "flagged"
    return render(request, "budgeting/comments/moderation.html", {
        "process": process, "show": show, "shows": SHOWS,
        "page": page_of(request, selectors.moderation_comments(process=process, show=show)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def moderation_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One comment for a moderator: what it says, how often it was reported, hide or restore."""
    process, comment = _moderated_comment(request, slug, pk)
    action = "restore" if comment.is_hidden else "hide"
    form = ModerationReasonForm(posted(request), prefix=action)
    if request.method == "POST" and form.is_valid():
        do = services.comment_restore if comment.is_hidden else services.comment_hide
        try:
            do(comment=comment, moderator=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The comment is hidden, with your reason shown in its "
                                        "place.") if action == "hide"
                             else _("The comment is public again."))
            return redirect("moderation_comments", process.slug)
    return render(request, "budgeting/comments/moderation_comment.html", {
        "process": process, "comment": comment, "form": form, "action": action,
    }, status=400 if form.errors else 200)
