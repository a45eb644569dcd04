"""Following an idea from its page, asking for vote reminders from the round's page, and the
one-click unsubscribe every email links to."""

from __future__ import annotations

from allauth.account.utils import has_verified_email
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.following import selectors, services, unsubscribe
from budgeting.models import Process
from budgeting.pages import posted_id
from budgeting.proposals import selectors as proposals
from budgeting.proposals.models import Proposal


def follow_box(request: HttpRequest, proposal: Proposal, *, notice: str = "") -> dict:
    return {"proposal": proposal, "process": proposal.envelope.process, "notice": notice,
            "following": selectors.is_following(user=request.user, proposal=proposal)}


def _away(request: HttpRequest, back: str) -> HttpResponse | None:
    """Emails go to confirmed addresses only: anyone else is sent to sign in or confirm."""
    if request.user.is_authenticated and has_verified_email(request.user):
        return None
    to = (f"{reverse('account_login')}?next={back}" if not request.user.is_authenticated
          else reverse("account_email"))
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": to})
    return redirect(to)


@require_POST
def proposal_follow(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    proposal = proposals.proposal_public_or_none(process=process, pk=pk)
    if proposal is None:
        raise Http404(_("There is no public proposal with that number."))
    if (away := _away(request, proposal.get_absolute_url())) is not None:
        return away
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, proposal=proposal)
        notice = _("You no longer follow this idea.")
    else:
        services.follow(user=request.user, proposal=proposal)
        notice = _("You follow this idea: we will email you when there is news of it.")
    proposal.refresh_from_db(fields=["author_follows"])
    if request.htmx:
        return render(request, "budgeting/following/follow.html",
                      {"follow": follow_box(request, proposal, notice=notice)})
    messages.success(request, notice)
    return redirect(f"{proposal.get_absolute_url()}#follow")


@require_POST
def process_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process.objects.filter(published_at__isnull=False), slug=slug)
    if (away := _away(request, process.get_absolute_url())) is not None:
        return away
    if request.POST.get("action") == "stop":
        services.reminders_stop(user=request.user, process=process)
        messages.success(request, _("You will get no vote reminders for this round."))
    else:
        try:
            services.reminders_ask(user=request.user, process=process)
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("We will email you when voting opens and again before "
                                        "it closes."))
    return redirect(f"{process.get_absolute_url()}#reminders")


@login_required
@require_http_methods(["GET", "POST"])
def my_emails(request: HttpRequest) -> HttpResponse:
    """What this person is emailed about, each with a way to stop it."""
    if request.method == "POST":
        proposal = posted_id(request, "proposal")
        process = posted_id(request, "process")
        if proposal and (found := Proposal.objects.filter(pk=proposal).first()):
            services.unfollow(user=request.user, proposal=found)
            messages.success(request, _("You no longer follow “%(title)s”.")
                             % {"title": found.title})
        elif process and (found := Process.objects.filter(pk=process).first()):
            services.reminders_stop(user=request.user, process=found)
            messages.success(request, _("You will get no vote reminders for %(process)s.")
                             % {"process": found.title})
        return redirect("my_emails")
    return render(request, "budgeting/following/my_emails.html", {
        "proposals": selectors.followed_by(user=request.user),
        "rounds": selectors.reminders_of(user=request.user),
    })


@never_cache
@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries the sealed link and no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a link scanner opening it must not stop anything); POST stops."""
    subscription = unsubscribe.read(token)
    if request.method == "GET":
        return render(request, "budgeting/following/unsubscribe.html",
                      {"valid": subscription is not None, "done": ""},
                      status=200 if subscription else 400)
    try:
        done = services.unsubscribe_with(token=token)
    except ValidationError as refused:
        return render(request, "budgeting/following/unsubscribe.html",
                      {"valid": False, "refusal": refused.messages[0], "done": ""}, status=400)
    return render(request, "budgeting/following/unsubscribe.html",
                  {"valid": True, "done": done})
