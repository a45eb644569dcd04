"""Postcodes as Kist compares and writes them."""

import re

# What could be a postcode once spaces are gone: a ward's postcodes are checked elsewhere.
POSTCODE_LIKE = re.compile(r"^[A-Z0-9]{2,8}$")


def normalise_postcode(value: str) -> str:
    """No spaces, capitals: "rv1 2ab" and "RV12AB" are one postcode."""
    return "".join(value.split()).upper()


def written_postcode(value: str) -> str | None:
    """The postcode as it is written ("RV1 2AB"), or None if it cannot be one.

    The last three characters are the inward code, after a space.
    """
    compact = normalise_postcode(value)
    if not POSTCODE_LIKE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 4 else compact
