"""Delivery pages: a public page per project with its timeline, where moderators also post
updates, and a staff list of the funded projects with how far they have got."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from budgeting.comments.views import conversation
from budgeting.delivery import selectors as sel
from budgeting.delivery import services as svc
from budgeting.delivery.forms import DeliveryUpdateForm
from budgeting.models import Process
from budgeting.permissions import can_moderate, check_moderator


@require_http_methods(["GET", "POST"])
def project_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    project = sel.project_public_or_none(process=process, pk=pk)
    if project is None:
        raise Http404(_("There is no project with that number."))
    is_moderator = can_moderate(user=request.user, process=process)
    form = None
    status = 200
    if request.method == "POST":
        # Only staff ever see the form; a post from anyone else is refused, not ignored.
        check_moderator(user=request.user, process=process)
        form = DeliveryUpdateForm(request.POST)
        if form.is_valid():
            try:
                svc.delivery_update_post(staff=request.user, project=project, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your update has been posted."))
                return redirect(project)
        status = 400
    elif is_moderator and project.is_funded:
        form = DeliveryUpdateForm(
            initial={"status": project.delivery_status, "on": timezone.localdate()}
        )
    return render(
        request,
        "budgeting/project_detail.html",
        {
            "process": process,
            "project": project,
            "envelope": project.envelope,
            "result_published": project.is_funded
            or sel.result_published(envelope=project.envelope),
            "is_moderator": is_moderator,
            "form": form,
            "comments": conversation(request, project, is_moderator=is_moderator),
        },
        status=status,
    )


@login_required
@require_GET
def delivery_staff(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_moderator(user=request.user, process=process)
    projects = sel.delivery_list(process=process)
    envelopes = []
    for envelope in process.envelopes.all():
        funded = [p for p in projects if p.envelope_id == envelope.pk]
        if funded:
            envelopes.append({"envelope": envelope, "projects": funded,
                              "summary": sel.delivery_summary(envelope=envelope)})
    return render(request, "budgeting/delivery_staff.html",
                  {"process": process, "envelopes": envelopes})
