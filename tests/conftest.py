"""Plain fixtures shared by the whole suite: a process in its ideas phase and its people."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.utils import timezone, translation

from budgeting.models import Envelope, Membership, Partner, Process
from budgeting.proposals.models import Proposal

PASSWORD = "a-long-test-password-9"
# Every staff account in the tests has an authenticator app with this secret (base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_user(email: str, name: str = "", *, verified: bool = True, **extra) -> User:
    """An account whose email address is confirmed (unless verified=False); staff accounts
    (is_staff or is_superuser) get a second factor, as Kist requires of them."""
    user = User.objects.create_user(
        username=email, email=email, password=PASSWORD, first_name=name or email.split("@")[0],
        **extra,
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if user.is_staff or user.is_superuser:
        give_second_factor(user)
    return user


def give_second_factor(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now."""
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


# Days from the start of the ideas phase to today, for each phase (each phase lasts 20 days).
PHASE_OFFSETS = {"upcoming": -5, "ideas": 5, "review": 25, "shortlisting": 45, "voting": 65,
                 "results": 95}


def phase_dates(phase: str) -> dict:
    start = timezone.localdate() - timedelta(days=PHASE_OFFSETS[phase])
    return {
        "ideas_start": start,
        "review_start": start + timedelta(days=20),
        "shortlisting_start": start + timedelta(days=40),
        "voting_start": start + timedelta(days=60),
        "voting_end": start + timedelta(days=80),
    }


def make_process(*, slug: str = "riverside", phase: str = "ideas", **extra) -> Process:
    """A process whose dates put today in the named phase."""
    defaults = {
        "title": f"{slug.title()} Community Choices",
        "area": f"{slug.title()} ward",
        **phase_dates(phase),
    }
    defaults.update(extra)
    return Process.objects.create(slug=slug, **defaults)


def set_phase(process: Process, phase: str) -> Process:
    Process.objects.filter(pk=process.pk).update(**phase_dates(phase))
    process.refresh_from_db()
    return process


def make_proposal(*, envelope: Envelope, author: User, **extra) -> Proposal:
    fields = {
        "title": "Benches along the river path",
        "summary": "Ten benches between the bridge and the allotments.",
        "description": "Somewhere to rest on the walk into town.",
        "estimated_cost": Decimal("8000.00"),
        "category": "green_spaces",
        "location": "River path",
    }
    fields.update(extra)
    return Proposal.objects.create(envelope=envelope, author=author, **fields)


@pytest.fixture
def process(db) -> Process:
    return make_process()


@pytest.fixture
def envelope(process) -> Envelope:
    return Envelope.objects.create(
        process=process, name="Riverside ward", amount=Decimal("60000"),
        postcode_prefixes="RV1, RV2", minimum_age=12,
    )


@pytest.fixture
def other_envelope(process) -> Envelope:
    return Envelope.objects.create(process=process, name="North Bank ward", amount=Decimal("40000"))


@pytest.fixture
def council(process) -> Partner:
    partner = Partner.objects.create(name="Riverside Council", kind=Partner.Kind.COUNCIL)
    process.partners.add(partner)
    return partner


@pytest.fixture
def outsider_partner(db) -> Partner:
    """A partner that takes no part in the process."""
    return Partner.objects.create(name="Hillside Trust", kind=Partner.Kind.THIRD_SECTOR)


def _member(partner: Partner, role: str, email: str, process: Process | None = None) -> User:
    """A staff member with `role` in the round (by default the partner's round)."""
    user = make_user(email)
    process = process or partner.processes.get()
    Membership.objects.create(user=user, process=process, partner=partner, role=role)
    give_second_factor(user)
    return user


@pytest.fixture
def moderator(council) -> User:
    return _member(council, Membership.Role.MODERATOR, "moderator@council.example")


@pytest.fixture
def process_admin(council) -> User:
    return _member(council, Membership.Role.PROCESS_ADMIN, "admin@council.example")


@pytest.fixture
def panel_member(council) -> User:
    return _member(council, Membership.Role.PANEL_MEMBER, "panel@council.example")


@pytest.fixture
def outside_moderator(outsider_partner, process) -> User:
    """A moderator in this round for a partner that does not take part in it."""
    return _member(outsider_partner, Membership.Role.MODERATOR, "moderator@hillside.example",
                   process)


@pytest.fixture
def resident(db) -> User:
    return make_user("eilidh@example.com", "Eilidh")


@pytest.fixture
def other_resident(db) -> User:
    return make_user("tom@example.com", "Tom")


@pytest.fixture
def proposal(envelope, resident) -> Proposal:
    return make_proposal(envelope=envelope, author=resident)


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background jobs run as they are queued, inside the test; tests of the worker itself
    (and of what a page shows while a job waits) choose another backend."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's own language: a request in Gaelic leaves its language
    active on the thread, and a service called directly afterwards would speak it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Sign-in limits and used second-factor codes live in the cache: each test starts clean."""
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is deliberately slow; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """A real OpenID Connect provider on loopback (tests/oidc_provider), which knows Kist's
    callback both on the test client's host and on the live server."""
    from tests.oidc_provider import running

    provider = running.start(["http://testserver", live_server.url])
    yield provider
    provider.process.terminate()
    provider.process.wait(timeout=10)


@pytest.fixture
def verified_sign_in(settings, oidc_provider):
    """Kist set up to sign people in through the loopback provider."""
    settings.SOCIALACCOUNT_PROVIDERS = oidc_provider.settings()
    settings.SECURE_CSP = {**settings.SECURE_CSP,
                           "form-action": [*settings.SECURE_CSP["form-action"], oidc_provider.url]}
    return oidc_provider


@pytest.fixture
def council_admin(db) -> User:
    """A council admin (the site-level role that starts rounds), with a second factor."""
    user = make_user("officer@council.example", "Morag")
    user.user_permissions.add(Permission.objects.get(codename="add_process"))
    give_second_factor(user)
    return user
