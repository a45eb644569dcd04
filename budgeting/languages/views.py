"""/language/<code>/ switches the language (a link, so it works without a script and can say
its hreflang); /languages/ is the language statement."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from budgeting.languages import selectors, services

YEAR = 365 * 24 * 3600


@never_cache
def language_choose(request: HttpRequest, code: str) -> HttpResponse:
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    services.language_remember(user=request.user, language=code)
    response = HttpResponseRedirect(target)
    # Remembered on this device without an account; it holds the language code and nothing else.
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=YEAR, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    return response


def statement(request: HttpRequest) -> HttpResponse:
    return render(request, "budgeting/languages/statement.html",
                  {"languages": selectors.languages()})
