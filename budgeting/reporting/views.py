"""/setup/return/: the annual PB return for council admins, as a page and as CSV."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm
from budgeting.reporting import selectors
from budgeting.setup.services import check_council_admin
from voting.results.exports import cell

CSV_HEADER = ["financial_year", "round", "budget", "ward_or_area", "capital_or_revenue",
              "fund_source", "currency", "budget_amount", "allocated_by_vote",
              "projects_funded", "ballots_counted"]


class YearForm(KistForm):
    year = forms.ChoiceField(label=_("Financial year"), required=False)

    def __init__(self, *args, years: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Every year"))] + [(y, y) for y in years]


@login_required
def annual_return(request: HttpRequest) -> HttpResponse:
    check_council_admin(request.user)
    form = YearForm(request.GET or None, years=selectors.years())
    year = form.cleaned_data["year"] if form.is_valid() else ""
    rows = selectors.annual_return(year=year or None)
    if request.GET.get("format") == "csv":
        return _csv(rows, year)
    return render(request, "budgeting/reporting/annual_return.html", {
        "form": form, "rows": rows, "totals": selectors.totals(rows), "year": year},
        status=400 if form.errors else 200)


def _csv(rows: list[selectors.ReturnRow], year: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"pb-return-{year.replace('/', '-') or 'all-years'}-{timezone.localdate()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([row.year, cell(row.round), cell(row.budget), cell(row.area),
                         row.spending, cell(row.fund_source), row.currency, row.amount,
                         "" if row.allocated is None else row.allocated,
                         row.projects_funded, "" if row.ballots is None else row.ballots])
    return response
