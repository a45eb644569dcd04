"""Sealing a ballot: what a sealed ballot holds, and the key that opens it.

A sealed ballot is its receipt and choices, encrypted with AES-256-GCM under a key derived from
BALLOT_BOX_KEY, which the database never holds. The envelope, channel and paper batch it was
sealed for are bound in as associated data, so a sealed ballot moved to another envelope cannot
be opened. The plain text is padded to one length per envelope, so the size of a sealed ballot
says nothing about how many projects it picks.

The receipt is looked up in the box by a keyed digest (under another derived key), never
stored plain there: the receipt a mixed ballot carries must not match anything in the box.
"""

import functools
import hashlib
import hmac
import json
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12
# Room for one choice in the plain text: '[123456789,100],' is 16 bytes.
BYTES_PER_CHOICE = 24
PAD_TO = 256


class CannotOpen(Exception):
    """A sealed ballot this server cannot open: another key sealed it, or it was altered."""


def _derived(purpose: bytes) -> bytes:
    return _derive(settings.BALLOT_BOX_KEY_BYTES, purpose)


@functools.lru_cache(maxsize=16)
def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"kist ballot box: " + purpose).derive(key)


def key_id() -> str:
    """Which key sealed a ballot, so a count can say "sealed under another key" plainly."""
    return _derived(b"key id")[:8].hex()


def receipt_digest(receipt: str) -> str:
    return hmac.new(_derived(b"receipt"), receipt.encode(), hashlib.sha256).hexdigest()


def padded_length(projects: int) -> int:
    """One length for every ballot of an envelope with this many projects."""
    room = 64 + BYTES_PER_CHOICE * max(projects, 1)
    return -(-room // PAD_TO) * PAD_TO


def _bound_to(envelope_id: int, channel: str, batch_id: int | None) -> bytes:
    return f"{envelope_id}:{channel}:{batch_id or ''}".encode()


def seal(*, envelope_id: int, channel: str, batch_id: int | None, receipt: str,
         choices: Mapping[int, int], projects: int) -> bytes:
    plain = json.dumps({"r": receipt, "c": sorted(choices.items())},
                       separators=(",", ":")).encode()
    length = padded_length(projects)
    if len(plain) > length:  # more choices than projects: checks refuse it before this
        raise ValueError("a ballot with more choices than the envelope has projects")
    plain = plain.ljust(length, b" ")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_derived(b"seal")).encrypt(
        nonce, plain, _bound_to(envelope_id, channel, batch_id))


def unseal(*, sealed: bytes, envelope_id: int, channel: str, batch_id: int | None
           ) -> tuple[str, dict[int, int]]:
    """The receipt and choices of a sealed ballot; CannotOpen if this key did not seal it."""
    sealed = bytes(sealed)
    try:
        plain = AESGCM(_derived(b"seal")).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _bound_to(envelope_id, channel, batch_id))
    except InvalidTag:
        raise CannotOpen from None
    body = json.loads(plain)
    return body["r"], {int(project): int(value) for project, value in body["c"]}


# Equalities monitoring answers (voting.monitoring) are sealed the same way, under a key of
# their own, bound to their round, padded to one length whatever was answered.
ANSWERS_LENGTH = 256


def seal_answers(*, process_id: int, answers: Mapping[str, str]) -> bytes:
    plain = json.dumps(dict(sorted(answers.items())), separators=(",", ":")).encode()
    if len(plain) > ANSWERS_LENGTH:
        raise ValueError("monitoring answers longer than the sealed length")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_derived(b"monitoring")).encrypt(
        nonce, plain.ljust(ANSWERS_LENGTH, b" "), f"monitoring:{process_id}".encode())


def unseal_answers(*, sealed: bytes, process_id: int) -> dict[str, str]:
    sealed = bytes(sealed)
    try:
        plain = AESGCM(_derived(b"monitoring")).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], f"monitoring:{process_id}".encode())
    except InvalidTag:
        raise CannotOpen from None
    return {str(k): str(v) for k, v in json.loads(plain).items()}
