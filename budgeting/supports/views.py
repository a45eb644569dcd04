"""Supporting a proposal from its page (htmx swaps the supports box; without JavaScript the
page comes back with a message) and telling Kist about oneself to support ideas."""

from __future__ import annotations

from allauth.account.decorators import verified_email_required
from allauth.account.utils import has_verified_email
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.accounts.identity import verified_identity
from budgeting.models import Process
from budgeting.pages import posted
from budgeting.proposals import selectors as proposals
from budgeting.proposals.models import Proposal
from budgeting.supports import selectors, services
from voting.casting.forms import DeclarationForm
from voting.casting.selectors import declaration_for
from voting.casting.services import (
    check_eligible,
    declaration_from_identity,
    declaration_make,
)


def support_box(request: HttpRequest, proposal: Proposal, *, notice: str = "",
                refusal: str = "") -> dict:
    """What the supports part of a proposal's page shows to this person."""
    process = proposal.envelope.process
    envelope = proposal.envelope
    user = request.user
    box = {
        "proposal": proposal, "process": process, "envelope": envelope,
        "takes": envelope.supports_limit > 0,
        "open": services.is_open(process=process),
        "count": selectors.support_count(proposal=proposal),
        "notice": notice, "refusal": refusal,
        "declared": False, "reason": "", "standing": None, "may_redeclare": False,
    }
    if not (box["takes"] and box["open"] and user.is_authenticated):
        return box
    declaration = declaration_for(user=user, process=process)
    box["declared"] = declaration is not None
    try:
        services.check_supportable(proposal=proposal)
    except ValidationError as refused:
        box["reason"] = refused.messages[0]
    else:
        try:
            check_eligible(envelope=envelope, declaration=declaration)
        except ValidationError as refused:
            # A mistyped postcode or date of birth can be put right here, before anyone votes.
            box["reason"], box["may_redeclare"] = refused.messages[0], True
    box["standing"] = selectors.standing(user=user, envelope=envelope)
    return box


def _proposal(slug: str, pk: int) -> Proposal:
    process = get_object_or_404(Process, slug=slug)
    proposal = proposals.proposal_public_or_none(process=process, pk=pk)
    if proposal is None:
        raise Http404(_("There is no public proposal with that number."))
    return proposal


def _box(request: HttpRequest, proposal: Proposal, **kwargs) -> HttpResponse:
    # A refusal is still swapped in (htmx leaves a 4xx response unswapped by default).
    return render(request, "budgeting/supports/body.html",
                  {"supports": support_box(request, proposal, **kwargs)})


@require_POST
def proposal_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _proposal(slug, pk)
    back = f"{proposal.get_absolute_url()}#supports"
    if not request.user.is_authenticated or not has_verified_email(request.user):
        to = (f"{reverse('account_login')}?next={proposal.get_absolute_url()}"
              if not request.user.is_authenticated else reverse("account_email"))
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": to})
        return redirect(to)
    withdraw = request.POST.get("action") == "withdraw"
    try:
        if withdraw:
            services.support_withdraw(user=request.user, proposal=proposal)
        else:
            services.support_give(user=request.user, proposal=proposal)
    except ValidationError as refused:
        if request.htmx:
            return _box(request, proposal, refusal=refused.messages[0])
        messages.error(request, refused.messages[0])
        return redirect(back)
    notice = (_("Your support is withdrawn.") if withdraw
              else _("Thank you: you support this idea."))
    if request.htmx:
        return _box(request, proposal, notice=notice)
    messages.success(request, notice)
    return redirect(back)


def _next_or_list(request: HttpRequest, process: Process) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return wanted
    return reverse("proposal_list", kwargs={"slug": process.slug})


def _check_may_support_somewhere(*, process: Process, declaration) -> None:
    """Saying "you can support ideas now" to someone no budget of the round is for would be
    untrue: they are told why instead, with the form still there to put a mistake right."""
    refusals = []
    for envelope in process.envelopes.filter(supports_limit__gt=0).prefetch_related("wards"):
        try:
            check_eligible(envelope=envelope, declaration=declaration)
            return
        except ValidationError as refused:
            refusals.append(refused.messages[0])
    if refusals:
        raise ValidationError(" ".join(refusals), code="nowhere")


@verified_email_required
@require_http_methods(["GET", "POST"])
def support_declare(request: HttpRequest, slug: str) -> HttpResponse:
    """Who may support an envelope's ideas is who may vote in it: the resident says who they
    are once, as they would to vote, and the same declaration serves both."""
    process = get_object_or_404(Process.objects.filter(published_at__isnull=False), slug=slug)
    if not (services.takes_supports(process=process) and services.is_open(process=process)):
        messages.error(request, _("%(process)s is not taking supports just now.")
                       % {"process": process.title})
        return redirect(process.get_absolute_url())
    next_url = _next_or_list(request, process)
    identity = verified_identity(request.user)
    if identity is not None and identity.complete:
        refusal = ""
        if request.method == "POST":
            try:
                declaration = declaration_from_identity(user=request.user, process=process,
                                                        identity=identity)
                _check_may_support_somewhere(process=process, declaration=declaration)
                return redirect(next_url)
            except ValidationError as refused:
                refusal = refused.messages[0]
        return render(request, "budgeting/supports/declare_verified.html", {
            "process": process, "identity": identity, "refusal": refusal, "next": next_url,
        }, status=400 if refusal else 200)
    existing = declaration_for(user=request.user, process=process)
    initial = {"postcode": existing.postcode} if existing else {}
    form = DeclarationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = declaration_make(user=request.user, process=process,
                                           postcode=form.cleaned_data["postcode"],
                                           name=form.cleaned_data["full_name"],
                                           born=form.cleaned_data["date_of_birth"])
            _check_may_support_somewhere(process=process, declaration=declaration)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Thank you. You can support ideas now."))
            return redirect(next_url)
    return render(request, "budgeting/supports/declare.html",
                  {"process": process, "form": form, "next": next_url},
                  status=400 if form.errors else 200)
