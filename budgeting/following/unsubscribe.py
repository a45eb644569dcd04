"""Links that stop an email in one click, for good (RFC 8058's List-Unsubscribe-Post too).

A link is sealed, not stored: AES-GCM under a key derived from SECRET_KEY, so it cannot be
forged and says nothing to whoever reads it (a forwarded email, a web server's access log)
about who it is for or what they follow. It stops emails and nothing else, so a leaked link
can do no worse than stop someone's emails. Changing SECRET_KEY retires every link sent.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from typing import Literal, NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.urls import reverse

What = Literal["follow", "reminders"]
WHATS: tuple[What, ...] = ("follow", "reminders")
PAYLOAD = struct.Struct(">QBQ")  # user id, what (its index in WHATS), the object's id
AAD = b"kist unsubscribe"


class Subscription(NamedTuple):
    user_id: int
    what: What
    pk: int  # the proposal followed, or the round whose reminders they asked for


def _key() -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"kist unsubscribe links").derive(settings.SECRET_KEY.encode())


def token_for(subscription: Subscription) -> str:
    nonce = os.urandom(12)
    payload = PAYLOAD.pack(subscription.user_id, WHATS.index(subscription.what),
                           subscription.pk)
    sealed = AESGCM(_key()).encrypt(nonce, payload, AAD)
    return base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def link_for(*, user_id: int, what: What, pk: int) -> str:
    token = token_for(Subscription(user_id, what, pk))
    return settings.SITE_URL + reverse("unsubscribe", args=[token])


def read(token: str) -> Subscription | None:
    """What a link stops, or None if it is not one of Kist's (or has been cut short)."""
    if not token.isascii() or len(token) > 200:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = AESGCM(_key()).decrypt(raw[:12], raw[12:], AAD)
        user_id, what, pk = PAYLOAD.unpack(payload)
    except (binascii.Error, ValueError, InvalidTag, struct.error):
        return None
    if what >= len(WHATS):
        return None
    return Subscription(user_id, WHATS[what], pk)
