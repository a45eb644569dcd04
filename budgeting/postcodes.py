"""Postcodes as Kist compares them: no spaces, capitals ("rv1 2ab" and "RV12AB" are one)."""


def normalise_postcode(value: str) -> str:
    return "".join(value.split()).upper()
