"""What a verified sign-in says about a person: the claims an identity provider (mygov.scot
myaccount, Young Scot, any OpenID Connect provider) returned at their last sign-in, read
through the claims mapping in settings (OIDC_CLAIMS)."""

from dataclasses import dataclass
from datetime import date

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User

from budgeting.postcodes import written_postcode


@dataclass(frozen=True)
class VerifiedIdentity:
    provider: str
    subject: str
    name: str
    born: date | None
    postcode: str

    @property
    def complete(self) -> bool:
        """Enough to vote without typing anything."""
        return self.born is not None and bool(self.postcode)


def _claim(claims: dict, path: str):
    value = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _birth_date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def provider_name(provider_id: str) -> str:
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []):
        if app.get("provider_id") == provider_id:
            return app.get("name", provider_id)
    return provider_id


def identity_of(account: SocialAccount) -> VerifiedIdentity:
    data = account.extra_data or {}
    # The ID token, overlaid with what the userinfo endpoint said (it may hold more).
    claims = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    mapping = settings.OIDC_CLAIMS
    postcode = written_postcode(str(_claim(claims, mapping["postcode"]) or "")) or ""
    return VerifiedIdentity(
        provider=provider_name(account.provider), subject=account.uid,
        name=" ".join(str(_claim(claims, mapping["name"]) or "").split()),
        born=_birth_date(_claim(claims, mapping["birthdate"])), postcode=postcode,
    )


def verified_identity(user: User | AnonymousUser) -> VerifiedIdentity | None:
    if not user.is_authenticated:
        return None
    account = SocialAccount.objects.filter(user=user).order_by("-last_login").first()
    return identity_of(account) if account else None
