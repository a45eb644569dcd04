"""The public pages about the ballot box: where a ballot with a receipt is, and how voting keeps
it secret."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from voting.casting.forms import ReceiptForm
from voting.casting.services import receipt_status
from voting.mixing import MIX_AT_LEAST

# Receipts


@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Where the ballot with this reference is (waiting to be mixed, or mixed and counted) —
    never what is on it."""
    form = ReceiptForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        found = receipt_status(receipt=form.cleaned_data["receipt"])
        result = {"found": found is not None, "mixed": found is not None and found.mixed,
                  "envelope": found.envelope if found else None,
                  "typed": form.cleaned_data["receipt"].strip().upper()}
    return render(request, "voting/receipt.html", {"form": form, "result": result},
                  status=400 if form.errors else 200)

# How voting works


@require_http_methods(["GET"])
def how_voting_works(request: HttpRequest) -> HttpResponse:
    """The promise of a secret ballot, and its limits, in plain words."""
    return render(request, "voting/how_voting_works.html", {
        "k": MIX_AT_LEAST,
    })
