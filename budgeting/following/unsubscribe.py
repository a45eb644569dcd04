"""Links that stop an email in one click, for good (RFC 8058's List-Unsubscribe-Post too).

A link is signed, not stored: it names the person and what they hear about, and works for as
long as the secret key stays the same. It stops emails and nothing else, so a leaked link can do
no worse than stop someone's emails.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "kist.unsubscribe"
What = Literal["follow", "reminders"]


class Subscription(NamedTuple):
    user_id: int
    what: What
    pk: int  # the proposal followed, or the round whose reminders they asked for


def token_for(subscription: Subscription) -> str:
    return signing.dumps(list(subscription), salt=SALT, compress=False)


def link_for(*, user_id: int, what: What, pk: int) -> str:
    token = token_for(Subscription(user_id, what, pk))
    return settings.SITE_URL + reverse("unsubscribe", args=[token])


def read(token: str) -> Subscription | None:
    try:
        user_id, what, pk = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if what not in ("follow", "reminders") or not all(isinstance(v, int) for v in (user_id, pk)):
        return None
    return Subscription(user_id, what, pk)
