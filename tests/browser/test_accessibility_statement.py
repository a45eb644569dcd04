"""The accessibility statement's promise, kept: every page it lists (budgeting.accessibility)
is visited here on the demo council, in every language, and passes axe at 1280 and 320 px and
does not scroll sideways at 400% zoom. A page listed there without a path here fails."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from budgeting.accessibility import PAGES
from budgeting.models import Envelope, Project
from budgeting.proposals.models import Proposal
from tests.browser.conftest import assert_accessible
from tests.browser.test_phones_and_zoom import assert_fits
from tests.conftest import totp_code
from voting.demo import people

pytestmark = pytest.mark.browser

SIZES = [{"width": 1280, "height": 800}, {"width": 320, "height": 640}]
ZOOMED = {"width": 320, "height": 180}  # 1280 px at 400%


def _paths() -> dict[str, str]:
    ward = Envelope.objects.get(process__slug="northfield-2026", name="Northfield ward")
    millbrae = Envelope.objects.get(process__slug="millbrae-2027")
    idea = Proposal.objects.public().filter(envelope__process__slug="riverside-2027",
                                            status="feasible").first()
    funded = Project.objects.filter(envelope__process__slug="eastgate-2026",
                                    funded_at__isnull=False).first()
    return {
        "home": "/", "round": "/p/kirkton-2027/", "proposals": "/p/riverside-2027/proposals/",
        "proposal": idea.get_absolute_url(),
        "propose": reverse("proposal_new", args=["kirkton-2027"]),
        "how_to_vote": "/p/northfield-2026/vote/",
        "about_you": "/p/northfield-2026/vote/declare/",
        "where_to_vote": "/p/northfield-2026/vote/areas/",
        "ballot": f"/p/northfield-2026/vote/{ward.pk}/",
        "vote_with_code": "/vote/code/", "receipt": "/vote/receipt/",
        "results": "/p/eastgate-2026/results/", "who_took_part": "/p/eastgate-2026/who-took-part/",
        "project": funded.get_absolute_url(), "how_voting_works": "/how-voting-works/",
        "your_data": reverse("your_data"),
        "moderation": "/p/riverside-2027/moderation/",
        "voting_staff": "/p/northfield-2026/voting/staff/",
        "count": "/p/westburn-2026/results/staff/",
        "panel": reverse("shortlist_panel", args=["millbrae-2027", millbrae.pk]),
        "setup": "/p/riverside-2027/setup/", "team": "/p/riverside-2027/team/",
        "audit": "/p/riverside-2027/audit/",
    }


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(people.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/2fa/" in page.url:
        cache.clear()
        page.get_by_label("Authenticator code").fill(totp_code(people.TOTP_SECRET))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    assert "/login/" not in page.url and "/2fa/" not in page.url, f"sign-in failed: {email}"


def test_every_page_the_statement_lists_is_checked(live_server, page, settings_debug):
    call_command("demo", stdout=io.StringIO())
    paths = _paths()
    assert {p.key for p in PAGES} == set(paths), "each page in the statement needs a path here"
    base = live_server.url
    people_for = {"resident": "priya@example.com", "staff": "admin@riverside.example"}
    for who in ("anyone", "resident", "staff"):
        page.context.clear_cookies()
        if who != "anyone":
            _sign_in(page, base, people_for[who])
        for code, _name in settings.LANGUAGES:
            page.goto(f"{base}/language/{code}/?next=/")
            for checked in [p for p in PAGES if p.who == who]:
                response = page.goto(base + paths[checked.key])
                assert response.status == 200, f"{checked.key}: {response.status} {page.url}"
                assert page.evaluate("document.documentElement.lang") == code
                for size in SIZES:
                    page.set_viewport_size(size)
                    assert_fits(page)
                    assert_accessible(page)
                page.set_viewport_size(ZOOMED)
                assert_fits(page)
                page.set_viewport_size(SIZES[0])


@pytest.fixture
def settings_debug(settings):
    settings.DEBUG = True  # the demo loads only where Kist is being tried
    cache.clear()
