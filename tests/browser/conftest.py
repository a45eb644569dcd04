"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
live server, with an axe-core check for every page a test visits.

Use in a test module:

    pytestmark = pytest.mark.browser

    def test_something(page, live_server):
        page.goto(live_server.url + "/")
        assert_accessible(page)
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread, so Django would otherwise
# refuse ORM calls made there (fixtures, assertions on the database) as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.core.cache import cache  # noqa: E402

from tests.conftest import PASSWORD, totp_code  # noqa: E402

CHROMIUM = os.environ.get("KIST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Axe impacts that fail a test; "minor" and "moderate" findings are left to review by hand
# (run with KIST_AXE_IMPACTS=minor,moderate,serious,critical to see them all).
BLOCKING_IMPACTS = tuple(
    os.environ.get("KIST_AXE_IMPACTS", "serious,critical").replace(" ", "").split(",")
)
# KIST_SCREENSHOTS=/some/dir saves a full-page screenshot of every page that is axe-checked.
SCREENSHOTS = os.environ.get("KIST_SCREENSHOTS", "")
TIMEOUT_MS = 10_000


def _chromium_or_skip() -> str:
    path = CHROMIUM if os.path.isabs(CHROMIUM) else shutil.which(CHROMIUM)
    if path and Path(path).is_file() and os.access(path, os.X_OK):
        return path
    reason = (
        f"Chromium not found at {CHROMIUM!r}: install Debian's chromium package "
        "or set KIST_CHROMIUM to its path"
    )
    if os.environ.get("KIST_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (KIST_REQUIRE_BROWSER=1, so browser tests may not skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session; each test gets its own context and page."""
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open fresh pages (each in its own context: own cookies, own session).

    Every page a test opens is watched for Content Security Policy violations: a script or a
    style the policy refuses is a feature that silently does not work, so the test fails.
    """
    contexts = []
    refused: list[str] = []

    def watch(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{message.page.url if message.page else ''}: {message.text}")

    def open_page(**options):
        # options: anything new_context takes, e.g. java_script_enabled=False.
        context = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 900},
                                      **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not refused, "Content Security Policy violations:\n" + "\n".join(refused)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every sign-up and sign-in hashes a password; the production hasher costs seconds here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_axe = None


def axe_violations(page) -> list[dict]:
    """Axe's violations on the page as it is now, with the impact that fails a test."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = node.get("failureSummary", "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail with every serious or critical axe violation on the current page."""
    if SCREENSHOTS:
        _screenshot(page)
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"{len(violations)} serious/critical accessibility violation(s) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )


def assert_accessible_at_both_widths(page) -> None:
    """axe at the test's width and at 320 px (WCAG 1.4.10 reflow), where the page must not
    scroll sideways."""
    assert_accessible(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": size["height"]})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} is {width}px wide at 320px"
        assert_accessible(page)
    finally:
        page.set_viewport_size(size)


_shots = 0


def _screenshot(page) -> None:
    global _shots
    _shots += 1
    name = re.sub(r"[^a-z0-9]+", "-", page.url.split("//", 1)[-1].split("/", 1)[-1].lower())
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOTS}/{_shots:02d}-{name.strip('-') or 'home'}.png",
                    full_page=True)


def sign_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in form, as a person would."""
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/account/2fa/authenticate/" in page.url:
        # Staff: the authenticator app's code. A code is good once; tests sign in often.
        cache.clear()
        page.get_by_label("Authenticator code").fill(totp_code())
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    assert "/account/login/" not in page.url and "/2fa/" not in page.url, (
        f"sign-in failed for {email}")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
