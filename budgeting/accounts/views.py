"""Kist's own account pages: verified sign-in (allauth's OpenID Connect views, with a clear page
when the provider cannot be reached, where allauth would answer with a server error), and a
resident's data: download it, or delete the account."""

import json

from allauth.socialaccount.providers.openid_connect import views as oidc
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from requests import RequestException

from budgeting.accounts.forms import DeleteAccountForm
from budgeting.accounts.identity import provider_name
from budgeting.accounts.personal_data import account_delete, personal_data


def _unreachable(request: HttpRequest, provider_id: str) -> HttpResponse:
    return render(request, "socialaccount/authentication_error.html",
                  {"provider_name": provider_name(provider_id), "unreachable": True},
                  status=502)


def provider_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return oidc.login(request, provider_id)
    except RequestException:
        return _unreachable(request, provider_id)


def provider_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return oidc.callback(request, provider_id)
    except RequestException:
        return _unreachable(request, provider_id)


# Your data


@login_required
@require_GET
def your_data(request: HttpRequest) -> HttpResponse:
    return render(request, "account/your_data.html", _data_page(request))


def _data_page(request: HttpRequest, *, form=None, refusal: str = "") -> dict:
    form = form or DeleteAccountForm(needs_password=request.user.has_usable_password())
    return {"form": form, "refusal": refusal,
            "days": settings.PERSONAL_DATA_DAYS}


@login_required
@require_GET
def your_data_download(request: HttpRequest) -> HttpResponse:
    body = json.dumps(personal_data(request.user), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="your-data-kist.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def your_data_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, needs_password=request.user.has_usable_password())
    if (form.is_valid() and "password" in form.fields
            and not request.user.check_password(form.cleaned_data["password"])):
        form.add_error("password", _("That is not your password."))
    if form.is_valid():
        try:
            account_delete(user=request.user)
        except ValidationError as refused:
            return render(request, "account/your_data.html",
                          _data_page(request, form=form, refusal=refused.messages[0]),
                          status=409)
        logout(request)
        messages.success(request, _("Your account has been deleted. Your proposals stay, "
                                    "under “Deleted account”."))
        return redirect("home")
    return render(request, "account/your_data.html", _data_page(request, form=form), status=400)
