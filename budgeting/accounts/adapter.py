"""Kist's hooks into django-allauth: who a client is, what a staff member may remove, how
second-factor secrets are kept, and what a verified identity fills in."""

import base64
import os

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from budgeting.accounts.second_factor import SECOND_FACTORS, is_staff_member
from voting.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("The email address or password is not right. Check them "
                                     "and try again."),
        "too_many_login_attempts": _("Too many wrong passwords, for this account or from where "
                                     "you are. Wait a few minutes, then try again, or reset "
                                     "your password."),
        "account_inactive": _("This account has been switched off."),
        "invalid_password_reset": _("The reset link was used already or is too old."),
    }

    def get_client_ip(self, request) -> str:
        # The same reading of X-Forwarded-For as the voting-code limits: only past our proxies.
        return client_address(request)

    def save_user(self, request, user, form, commit=True):
        user.first_name = form.cleaned_data.get("name", "")[:150]
        return super().save_user(request, user, form, commit=commit)


def _secrets_key() -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"kist second-factor secrets").derive(settings.SECRET_KEY.encode())


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator secrets are sealed under a key from SECRET_KEY, which the database never
    holds: a copy of the database cannot make anyone's codes."""

    def encrypt(self, text: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(_secrets_key()).encrypt(nonce, text.encode(), b"totp")
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, encrypted_text: str) -> str:
        try:
            raw = base64.urlsafe_b64decode(encrypted_text.encode())
            return AESGCM(_secrets_key()).decrypt(raw[:12], raw[12:], b"totp").decode()
        except (ValueError, InvalidTag):
            # Sealed under another SECRET_KEY: a fresh random secret, so no code ever matches
            # (never a server error, never an empty key anyone could compute codes for). The
            # owner's second factor is removed with `manage.py remove_second_factor` and set
            # up again.
            return base64.b32encode(os.urandom(20)).decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff keep at least one second factor: without one they could reach no staff page.
        if authenticator.type not in SECOND_FACTORS or not is_staff_member(authenticator.user):
            return True
        return Authenticator.objects.filter(
            user=authenticator.user, type__in=SECOND_FACTORS).exclude(pk=authenticator.pk).exists()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        # Kist greets people by the one name they gave; the provider's full name is kept too.
        user.first_name = (data.get("name") or user.first_name or "")[:150]
        user.last_name = ""
        return user
