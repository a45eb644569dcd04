"""Voting codes: 60 random bits as XXXX-XXXX-XXXX in Crockford base32, stored only as a keyed
hash."""

import hashlib
import hmac
import secrets

from django.conf import settings

# Crockford's alphabet leaves out I, L, O and U so that codes survive being read aloud and typed.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12  # 12 × 5 bits = 60 bits of entropy
LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


class MalformedCode(ValueError):
    pass


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(typed: str) -> str:
    """Ignore case, spaces and dashes; read I, L as 1 and O as 0, as Crockford intends."""
    raw = "".join(ch for ch in typed.upper() if ch not in " -\t\n").translate(LOOKALIKES)
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        raise MalformedCode(typed)
    return raw


def new_salt() -> str:
    return secrets.token_hex(16)


def digest(*, salt: str, raw: str) -> str:
    """The code as stored: HMAC-SHA256 keyed with VOTING_CODE_PEPPER, which the database never
    holds, over the batch's salt and the code."""
    key = settings.VOTING_CODE_PEPPER.encode()
    return hmac.new(key, f"{salt}:{raw}".encode(), hashlib.sha256).hexdigest()


def new_receipt() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"
