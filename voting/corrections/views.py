"""The process admin's corrections page: /p/<slug>/results/staff/corrections/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgeting.models import Process, Project
from budgeting.pages import add_errors
from budgeting.permissions import check_process_admin
from voting import freezing
from voting.corrections.forms import ClosingDateForm, ProjectCorrectionForm
from voting.corrections.models import Correction
from voting.corrections.services import closing_date_correct, project_correct


def _frozen_projects(process: Process):
    envelopes = [e.pk for e in process.envelopes.all() if freezing.frozen_on(e) is not None]
    return Project.objects.filter(envelope_id__in=envelopes).select_related("envelope")


@login_required
@require_http_methods(["GET", "POST"])
def corrections(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_process_admin(user=request.user, process=process)
    projects = _frozen_projects(process)
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("which") if posted else None
    project_form = ProjectCorrectionForm(posted if which == "project" else None,
                                         projects=projects)
    closing_form = ClosingDateForm(posted if which == "closing" else None)
    form = {"project": project_form, "closing": closing_form}.get(which)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "project":
                project_correct(admin=request.user, project=data["project"],
                                field=data["field"], value=data["value"], reason=data["reason"])
            else:
                closing_date_correct(admin=request.user, process=process,
                                     voting_end=data["voting_end"], reason=data["reason"])
        except ValidationError as refused:
            add_errors(form, refused)
        else:
            messages.success(request, _("The correction is made, and shown on the results "
                                        "page with its reason."))
            return redirect("corrections", process.slug)
    return render(request, "voting/corrections.html", {
        "process": process, "project_form": project_form, "closing_form": closing_form,
        "form": form, "frozen": freezing.frozen_on(process),
        "corrections": Correction.objects.filter(process=process).select_related("made_by"),
    }, status=400 if form is not None and form.errors else 200)
