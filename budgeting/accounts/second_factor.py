"""Staff need a second factor: every staff role, and every Django admin user, is sent to set one
up before any other page.

allauth asks every account that has a second factor for it at sign-in, so a signed-in account
that has one has passed it in this session (or set it up in this session, which proves the
same)."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from budgeting.permissions import is_staff_anywhere

# Recovery codes only back up one of these; they are not a second factor on their own.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# Pages a staff member without a second factor may still reach: setting one up, signing out.
OPEN_PREFIXES = ("/account/", "/invitations/", "/static/", "/healthz")


def is_staff_member(user: User | AnonymousUser) -> bool:
    """A role in any round, a council admin, or any way into the Django admin."""
    return user.is_authenticated and (user.is_staff or is_staff_anywhere(user)
                                      or user.has_perm("budgeting.add_process"))


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def needs_second_factor(user: User | AnonymousUser) -> bool:
    return is_staff_member(user) and not has_second_factor(user)


class SecondFactorForStaff:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES)
                and needs_second_factor(request.user)):
            messages.info(request, _(
                "Staff accounts need a second factor. Set up an authenticator app (or a security "
                "key) before you go on."))
            return redirect(reverse("mfa_index"))
        return self.get_response(request)
