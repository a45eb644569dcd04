from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from budgeting import accessibility as accessibility_checks
from budgeting import selectors
from budgeting.council.models import SitePage
from budgeting.council.views import standing_page
from budgeting.following import selectors as following
from budgeting.following.services import reminders_offered
from budgeting.models import Process
from budgeting.permissions import can_administer, can_moderate


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "budgeting/home.html", {"processes": selectors.process_list()})


def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    return render(
        request,
        "budgeting/process_detail.html",
        {
            "process": process,
            "envelopes": process.envelopes.all(),
            "partners": process.partners.all(),
            "is_moderator": can_moderate(user=request.user, process=process),
            "is_admin": can_administer(user=request.user, process=process),
            "reminders": {"offered": reminders_offered(process=process),
                          "wanted": following.wants_reminders(user=request.user,
                                                              process=process)},
        },
    )




















# Staff


def privacy(request: HttpRequest) -> HttpResponse:
    return standing_page(request, SitePage.Key.PRIVACY, "budgeting/privacy.html",
                         days=settings.PERSONAL_DATA_DAYS)


def cookies(request: HttpRequest) -> HttpResponse:
    return standing_page(request, SitePage.Key.COOKIES, "budgeting/cookies.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    updated = SitePage.objects.filter(key=SitePage.Key.ACCESSIBILITY).values_list(
        "updated_at", flat=True).first()
    return standing_page(request, SitePage.Key.ACCESSIBILITY, "budgeting/accessibility.html",
                         updated=updated, checked=accessibility_checks.PAGES,
                         journeys=accessibility_checks.JOURNEYS,
                         languages=[name for _code, name in settings.LANGUAGES])


def contact(request: HttpRequest) -> HttpResponse:
    return standing_page(request, SitePage.Key.CONTACT, "budgeting/contact.html")
