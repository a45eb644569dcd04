"""Error pages: HTML for people, JSON for API clients."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def server_error(request: HttpRequest) -> HttpResponse:
    """A 500: JSON under /api/, as every other answer there is; the plain page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Something went wrong on our side. Nothing was "
                                         "saved half-way; try again later.")}, status=500)
    return defaults.server_error(request)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 404 for an address that matches no page.

    Under /api/ the client is a program that reads JSON (`/api/v1/envelopes/abc/`, say),
    so it gets the same body as the API's own 404s rather than the HTML page.
    """
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("There is nothing at this address.")}, status=404)
    return defaults.page_not_found(request, exception)
