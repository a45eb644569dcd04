"""The demo's council, partners and people: one published password, one shared authenticator
secret for staff, and the same roles in every round (roles are per round)."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission, User

from budgeting.accounts.second_factor import has_second_factor
from budgeting.models import Membership, Partner, Process

PASSWORD = "riverside-demo-2027"
TOTP_SECRET = "KISTDEMOKISTDEMOKISTDEMOKISTDEMO"
SUPERUSER = "admin@kist.example"
COUNCIL_ADMIN = ("officer@riverside.example", "Shona Grant", "Riverside Council")
COUNCIL = "Riverside Council"

PARTNERS = [
    (COUNCIL, Partner.Kind.COUNCIL),
    ("Riverside Community Trust", Partner.Kind.THIRD_SECTOR),
    ("North Bank Youth Forum", Partner.Kind.THIRD_SECTOR),
]
STAFF = [
    # email, name, partner, role
    ("admin@riverside.example", "Morag Campbell", COUNCIL, Membership.Role.PROCESS_ADMIN),
    ("moderator@riverside.example", "Iain Fraser", COUNCIL, Membership.Role.MODERATOR),
    ("moderator@riversidetrust.example", "Aisha Rahman", "Riverside Community Trust",
     Membership.Role.MODERATOR),
    ("panel@riverside.example", "Callum Reid", COUNCIL, Membership.Role.PANEL_MEMBER),
    ("panel@riversidetrust.example", "Fiona MacLeod", "Riverside Community Trust",
     Membership.Role.PANEL_MEMBER),
    ("panel@youthforum.example", "Jordan Mackay", "North Bank Youth Forum",
     Membership.Role.PANEL_MEMBER),
    ("desk@riversidetrust.example", "Ewan Stewart", "Riverside Community Trust",
     Membership.Role.DESK_OFFICER),
]
RESIDENTS = [
    ("eilidh@example.com", "Eilidh"),
    ("tom@example.com", "Tom"),
    ("priya@example.com", "Priya"),
    ("ross@example.com", "Ross"),
]


def person(email: str, name: str, *, staff: bool = False, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": name, **extra})
    if created:
        user.set_password(PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email,
                                       defaults={"primary": True, "verified": True})
    if (staff or user.is_staff) and not has_second_factor(user):
        TOTP.activate(user, TOTP_SECRET)
    return user


def staff(email: str) -> User:
    return User.objects.get(username=email)


def residents() -> list[User]:
    by_email = {u.username: u for u in User.objects.filter(username__in=[e for e, _ in RESIDENTS])}
    return [by_email[email] for email, _name in RESIDENTS]


def partner(name: str) -> Partner:
    return Partner.objects.get(name=name)


def load() -> None:
    """Everyone, before any round: the superuser, the council admin, staff and residents."""
    person(SUPERUSER, "Kist admin", is_staff=True, is_superuser=True)
    for name, kind in PARTNERS:
        Partner.objects.get_or_create(name=name, defaults={"kind": kind})
    email, name, _partner = COUNCIL_ADMIN
    officer = person(email, name, staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="add_process",
                                                        content_type__app_label="budgeting"))
    for email, name, _partner, _role in STAFF:
        person(email, name, staff=True)
    for email, name in RESIDENTS:
        person(email, name)


def take_part(process: Process, partners: list[str] | None = None) -> None:
    """The partners take part in `process` and the demo's staff hold their roles in it."""
    names = partners or [name for name, _kind in PARTNERS]
    process.partners.set(Partner.objects.filter(name__in=names))
    for email, _name, partner_name, role in STAFF:
        if partner_name in names:
            Membership.objects.get_or_create(user=staff(email), process=process,
                                             partner=partner(partner_name), role=role)
