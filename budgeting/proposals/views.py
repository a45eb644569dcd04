from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.comments.views import conversation
from budgeting.following.views import follow_box
from budgeting.models import Phase, Process
from budgeting.pages import page_of, posted
from budgeting.permissions import can_administer, can_moderate, check_moderator
from budgeting.proposals import selectors, services
from budgeting.proposals.forms import ProposalFilterForm, ProposalForm, ReasonForm, ReviewForm
from budgeting.proposals.locations import placed_area, process_area
from budgeting.proposals.models import Proposal
from budgeting.selectors import audit_log
from budgeting.supports.services import takes_supports
from budgeting.supports.views import support_box


def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    form = ProposalFilterForm(request.GET or None, process=process,
                              supports=takes_supports(process=process))
    proposals = selectors.proposal_list_public(process=process, **form.filters())
    context = {"process": process, "form": form, "page": page_of(request, proposals)}
    # htmx swaps just the results so the filters keep focus and what was typed.
    template = (
        "budgeting/partials/proposal_results.html"
        if request.htmx and request.htmx.target == "results"
        else "budgeting/proposal_list.html"
    )
    return render(request, template, context)


def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    proposal = selectors.proposal_public_or_none(process=process, pk=pk)
    if proposal is None:
        raise Http404(_("There is no public proposal with that number."))
    is_moderator = can_moderate(user=request.user, process=process)
    return render(
        request,
        "budgeting/proposal_detail.html",
        {
            "process": process,
            "proposal": proposal,
            "is_author": request.user.is_authenticated and proposal.author_id == request.user.pk,
            "can_edit": _author_may_edit(proposal, request.user),
            "is_moderator": is_moderator,
            "comments": conversation(request, proposal, is_moderator=is_moderator),
            "supports": support_box(request, proposal),
            "follow": follow_box(request, proposal),
        },
    )


def _map_bounds(process: Process) -> list[str] | None:
    """Where the map to pick a place starts, when there is a map at all: the round's area, or
    around the ideas already placed."""
    if not settings.MAP_TILES_URL:
        return None
    area = (process_area(envelopes=list(process.envelopes.all()))
            or placed_area(process=process))
    return area.as_list() if area else None


def _author_may_edit(proposal: Proposal, user) -> bool:
    if not user.is_authenticated:
        return False
    try:
        services.check_author_may_edit(proposal=proposal, author=user)
    except (ValidationError, PermissionDenied):
        return False
    return True


@verified_email_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    if process.phase != Phase.IDEAS:
        return render(request, "budgeting/phase_closed.html", {"process": process}, status=403)
    form = ProposalForm(posted(request), process=process)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_submit(author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your idea has been submitted. Its reference is %(ref)s.")
                % {"ref": proposal.reference},
            )
            return redirect(proposal)
    return render(request, "budgeting/proposal_form.html",
                  {"process": process, "form": form, "map_bounds": _map_bounds(process)})


@verified_email_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("envelope__process"), pk=pk, envelope__process__slug=slug
    )
    if proposal.author_id != request.user.pk:
        raise PermissionDenied(_("You can only change your own proposals."))
    process = proposal.process
    form = ProposalForm(posted(request), instance=proposal, process=process)
    locked = None
    try:
        services.check_author_may_edit(proposal=proposal, author=request.user)
    except ValidationError as error:
        locked = error.messages[0]
    if request.method == "POST" and locked is None and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(proposal)
    if locked:
        messages.error(request, locked)
        return redirect(proposal) if proposal.hidden_at is None else redirect("my_proposals")
    return render(
        request,
        "budgeting/proposal_form.html",
        {"process": process, "form": form, "proposal": proposal,
         "map_bounds": _map_bounds(process)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("envelope__process"), pk=pk, envelope__process__slug=slug
    )
    if proposal.author_id != request.user.pk:
        raise PermissionDenied(_("You can only withdraw your own proposals."))
    error = None
    if request.method == "POST":
        try:
            services.proposal_withdraw(proposal=proposal, author=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("Your proposal has been withdrawn."))
            return redirect("my_proposals")
    return render(
        request,
        "budgeting/proposal_withdraw.html",
        {"process": proposal.process, "proposal": proposal, "error": error},
        status=400 if error else 200,
    )


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    proposals = (
        Proposal.objects.filter(author=request.user)
        .select_related("envelope__process")
        .order_by("-created_at")
    )
    return render(request, "budgeting/my_proposals.html", {"proposals": proposals})


def _staff_process(request: HttpRequest, slug: str) -> Process:
    process = get_object_or_404(Process, slug=slug)
    check_moderator(user=request.user, process=process)
    return process


@login_required
def moderation_queue(request: HttpRequest, slug: str) -> HttpResponse:
    process = _staff_process(request, slug)
    form = ProposalFilterForm(request.GET or None, process=process, staff=True,
                              supports=takes_supports(process=process))
    proposals = selectors.moderation_queue(process=process, **form.filters())
    context = {
        "process": process,
        "form": form,
        "page": page_of(request, proposals),
        "counts": selectors.status_counts(process=process),
        "is_admin": can_administer(user=request.user, process=process),
    }
    template = (
        "budgeting/partials/moderation_results.html"
        if request.htmx and request.htmx.target == "results"
        else "budgeting/moderation_queue.html"
    )
    return render(request, template, context)


def _moderation_page(request, process, proposal, *, status=200, **forms) -> HttpResponse:
    context = {
        "process": process,
        "proposal": proposal,
        "reviews": proposal.reviews.select_related("reviewer"),
        "review_form": forms.get("review_form") or ReviewForm(prefix="review"),
        "hide_form": forms.get("hide_form") or ReasonForm(prefix="hide"),
        "restore_form": forms.get("restore_form") or ReasonForm(prefix="restore"),
        "history": audit_log(process=process).filter(
            target_type="proposal", target_id=str(proposal.pk)
        ),
    }
    return render(request, "budgeting/moderation_proposal.html", context, status=status)


def _staff_proposal(request: HttpRequest, slug: str, pk: int) -> tuple[Process, Proposal]:
    process = _staff_process(request, slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("envelope__process", "author"),
        pk=pk, envelope__process=process,
    )
    return process, proposal


@login_required
def moderation_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, proposal = _staff_proposal(request, slug, pk)
    return _moderation_page(request, process, proposal)


def _staff_action(request, slug, pk, *, form_key, form, action, done_message):
    """Run one moderation action; on refusal re-render the page with what was typed."""
    process, proposal = _staff_proposal(request, slug, pk)
    if callable(form):
        form = form(proposal)
    if form is None or form.is_valid():
        try:
            action(proposal, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("moderation_proposal", slug=slug, pk=pk)
            form.add_error(None, error)
        else:
            messages.success(request, done_message)
            return redirect("moderation_proposal", slug=slug, pk=pk)
    return _moderation_page(request, process, proposal, status=400, **{form_key: form})


@login_required
@require_POST
def moderation_start_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _staff_action(
        request, slug, pk, form_key="", form=None,
        action=lambda p, _data: services.proposal_start_review(
            proposal=p, moderator=request.user),
        done_message=_("The proposal is now under review."),
    )


@login_required
@require_POST
def moderation_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _staff_action(
        request, slug, pk, form_key="review_form",
        form=lambda p: ReviewForm(request.POST, prefix="review", envelope=p.envelope),
        action=lambda p, data: services.review_record(proposal=p, reviewer=request.user, **data),
        done_message=_("Your review has been recorded."),
    )


@login_required
@require_POST
def moderation_hide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _staff_action(
        request, slug, pk, form_key="hide_form", form=ReasonForm(request.POST, prefix="hide"),
        action=lambda p, data: services.proposal_hide(
            proposal=p, moderator=request.user, reason=data["reason"]),
        done_message=_("The proposal is hidden from the public."),
    )


@login_required
@require_POST
def moderation_restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _staff_action(
        request, slug, pk, form_key="restore_form",
        form=ReasonForm(request.POST, prefix="restore"),
        action=lambda p, data: services.proposal_restore(
            proposal=p, moderator=request.user, reason=data["reason"]),
        done_message=_("The proposal is public again."),
    )
