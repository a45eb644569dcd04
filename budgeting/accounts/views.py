"""Verified sign-in: allauth's OpenID Connect views, with a clear page when the provider
cannot be reached (allauth answers a failed discovery request with a server error)."""

from allauth.socialaccount.providers.openid_connect import views as oidc
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from requests import RequestException

from budgeting.accounts.identity import provider_name


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
