"""The register of who has voted: one entry per person per envelope, whichever way they voted.

A person is known to the register only by a keyed hash of who they are (their name, date of
birth and postcode, written the same way however they were typed), under a key derived from
VOTING_CODE_PEPPER, which the database never holds: the register can say "this person has
voted here" without holding anyone's name or birthday, and a copy of the database cannot test a
guessed name against it. The entry itself is the participation's `person` column; a unique
constraint on (envelope, person) refuses a second one, also under concurrent requests.
"""

import hashlib
import hmac
import re
import unicodedata
from datetime import date

from django.conf import settings

from budgeting.postcodes import normalise_postcode

_SPACES = re.compile(r"\s+")


def written_name(name: str) -> str:
    """A name as the register compares it: case, accents, punctuation and spacing folded
    ("Mòrag  O'Neill-Smith" and "MORAG ONEILL SMITH" are one person)."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    letters = "".join(ch if ch.isalnum() else " " for ch in folded
                      if not unicodedata.combining(ch) and ch not in "'’")
    return _SPACES.sub(" ", letters).strip()


def _keyed(who: str) -> str:
    key = hmac.new(settings.VOTING_CODE_PEPPER.encode(), b"kist register", hashlib.sha256)
    return hmac.new(key.digest(), who.encode(), hashlib.sha256).hexdigest()


def person_key(*, name: str, born: date, postcode: str) -> str:
    return _keyed(f"{written_name(name)}|{born.isoformat()}|{normalise_postcode(postcode)}")


def verified_person_key(*, provider: str, subject: str, name: str, born: date,
                        postcode: str) -> str:
    """A verified person is keyed as the paper desk and the code letters key them (name, date of
    birth, postcode), so the register holds across channels; their one account per provider
    subject already keeps them to one online ballot. Only a provider that gives no name is keyed
    by its subject."""
    if written_name(name):
        return person_key(name=name, born=born, postcode=postcode)
    return _keyed(f"subject|{provider}|{subject}")


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
