"""/p/<slug>/vote/about-you/ (the optional questions, offered once, after voting),
/p/<slug>/who-took-part/ (the counts) and /p/<slug>/who-took-part/area/<question>/ (the area's
census shares, entered by a process admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from budgeting.models import Phase, Process
from budgeting.pages import add_errors
from budgeting.permissions import can_administer, check_process_admin
from voting.monitoring import selectors, services
from voting.monitoring.forms import AreaSharesForm, MonitoringForm
from voting.monitoring.models import AreaShare
from voting.monitoring.questions import QUESTIONS

# The rounds this device may answer for: set when a vote is cast, spent when answered.
SESSION_KEY = "kist_may_answer"


def offer(request: HttpRequest, process: Process) -> None:
    """Let this device answer the questions once for `process` (called after a vote)."""
    offered = set(request.session.get(SESSION_KEY, []))
    request.session[SESSION_KEY] = sorted(offered | {process.pk})


def offered(request: HttpRequest, process: Process) -> bool:
    return process.pk in request.session.get(SESSION_KEY, [])


def _spend(request: HttpRequest, process: Process) -> None:
    request.session[SESSION_KEY] = [pk for pk in request.session.get(SESSION_KEY, [])
                                    if pk != process.pk]


@never_cache
@require_http_methods(["GET", "POST"])
def monitoring_form(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug, published_at__isnull=False)
    if not offered(request, process) or process.phase != Phase.VOTING:
        return render(request, "voting/monitoring/not_offered.html", {"process": process})
    form = MonitoringForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "skip":
            _spend(request, process)
            return redirect(process.get_absolute_url())
        try:
            services.answers_seal(process=process, answers=form.answers())
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            _spend(request, process)
            messages.success(request, _("Thank you. Your answers are sealed apart from your "
                                        "vote, and counted only with many others."))
            return redirect(process.get_absolute_url())
    return render(request, "voting/monitoring/form.html", {"process": process, "form": form},
                  status=400 if form.errors else 200)


def who_took_part(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug, published_at__isnull=False)
    staff = can_administer(user=request.user, process=process)
    if process.phase != Phase.RESULTS and not staff:
        return render(request, "voting/monitoring/not_yet.html", {"process": process})
    return render(request, "voting/monitoring/who_took_part.html", {
        "process": process, "questions": selectors.who_took_part(process=process),
        "waiting": selectors.waiting(process=process) if staff else None, "staff": staff})


@login_required
@require_http_methods(["GET", "POST"])
def area_shares(request: HttpRequest, slug: str, question: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_process_admin(user=request.user, process=process)
    if question not in QUESTIONS:
        raise Http404
    heading, answers = QUESTIONS[question]
    current = {s.answer: s.percent for s in AreaShare.objects.filter(process=process,
                                                                    question=question)}
    form = AreaSharesForm(request.POST if request.method == "POST" else None,
                          answers=[(k, str(v)) for k, v in answers], initial_shares=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_shares_set(
                admin=request.user, process=process, question=question,
                shares={k: v for k, v in form.cleaned_data.items() if v is not None})
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The area's figures are saved."))
            return redirect("who_took_part", process.slug)
    return render(request, "voting/monitoring/area_shares.html", {
        "process": process, "form": form, "heading": heading},
        status=400 if form.errors else 200)
