"""The audit log for people, filtered by action, person and date, in plain words, and the same
entries as CSV: /p/<slug>/audit/ for a round's staff actions, /setup/audit/ for what belongs
to no round (the council's look and pages, council admins, accounts, Django admin edits of
partners and people)."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgeting import selectors
from budgeting.audit import action_name, changes
from budgeting.forms import KistForm
from budgeting.models import Process
from budgeting.pages import page_of
from budgeting.permissions import check_process_admin
from budgeting.setup.services import check_council_admin
from voting.results.exports import cell

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "error_messages": {"invalid": gettext_lazy("Enter a real date.")}}


class AuditFilterForm(KistForm):
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    actor = forms.TypedChoiceField(label=gettext_lazy("Person"), required=False, coerce=int,
                                   empty_value=None)
    since = forms.DateField(label=gettext_lazy("From"), required=False, **DATE)
    until = forms.DateField(label=gettext_lazy("To"), required=False, **DATE)

    def __init__(self, *args, process: Process | None, **kwargs):
        super().__init__(*args, **kwargs)
        actions, actors = selectors.audit_choices(process=process)
        self.fields["action"].choices = [("", _("Every action")),
                                         *[(a, action_name(a)) for a in actions]]
        self.fields["actor"].choices = [("", _("Everyone")), *actors]


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    check_process_admin(user=request.user, process=process)
    return _log_page(request, process)


@login_required
def site_audit_log(request: HttpRequest) -> HttpResponse:
    check_council_admin(request.user)
    return _log_page(request, None)


def _log_page(request: HttpRequest, process: Process | None) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, process=process)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
        filters["actor_id"] = filters.pop("actor", None)
    entries = selectors.audit_log(process=process, **filters)
    if request.GET.get("download") == "csv" and not form.errors:
        return _csv(process, entries)
    page = page_of(request, entries)
    rows = [{"entry": e, "name": action_name(e.action), "changes": changes(e)}
            for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    query["download"] = "csv"
    return render(request, "budgeting/audit_log.html", {
        "process": process, "page": page, "rows": rows, "form": form,
        "csv_query": query.urlencode(), "filtered": bool(filters),
    }, status=400 if form.errors else 200)


def _csv(process: Process | None, entries) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    name = process.slug if process else "site"
    response["Content-Disposition"] = f'attachment; filename="audit-{name}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(["when", "who", "action", "action_code", "on", "what", "before", "after"])
    for entry in entries.iterator():
        base = [timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                cell(entry.actor.email if entry.actor else ""), action_name(entry.action),
                entry.action, cell(entry.target_label)]
        for what, before, after in changes(entry) or [("", "", "")]:
            writer.writerow([*base, what, cell(before), cell(after)])
    return response
