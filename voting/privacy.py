"""The privacy floor for published turnout: no group of fewer than ten people is shown.

Age bands are merged with their neighbours until every group shown has at least ten people;
if all of them together are fewer than ten, none is shown.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

FLOOR = 10

# The bands `voting.services.age_band` records, youngest first, as (youngest, oldest) ages.
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("under 16", 0, 15),
    ("16-24", 16, 24),
    ("25-44", 25, 44),
    ("45-64", 45, 64),
    ("65+", 65, None),
]


def _label(youngest: int, oldest: int | None) -> str:
    if oldest is None:
        return _("all ages") if youngest == 0 else _("%(age)s and over") % {"age": youngest}
    if youngest == 0:
        return _("under %(age)s") % {"age": oldest + 1}
    return _("%(youngest)s to %(oldest)s") % {"youngest": youngest, "oldest": oldest}


def age_bands_shown(counts: dict[str, int], *, floor: int = FLOOR) -> tuple[list[dict], int]:
    """The bands to publish, merged up to the floor, and how many people were left out.

    An empty band says nothing about anyone and is left out rather than merged.
    """
    groups: list[list] = []  # [youngest, oldest, count], youngest first
    for band, youngest, oldest in AGE_BANDS:
        n = counts.get(band, 0)
        if not n:
            continue
        if groups and groups[-1][2] < floor:
            groups[-1][1] = oldest
            groups[-1][2] += n
        else:
            groups.append([youngest, oldest, n])
    # The oldest group may still be short: fold it into the one before.
    if len(groups) > 1 and groups[-1][2] < floor:
        last = groups.pop()
        groups[-1][1] = last[1]
        groups[-1][2] += last[2]
    total = sum(g[2] for g in groups)
    if total < floor:
        return [], total
    return [{"label": _label(y, o), "count": n} for y, o, n in groups], 0


def at_least_floor(n: int, *, floor: int = FLOOR) -> int | None:
    """A count of people fit to publish, or None for a group too small to show."""
    return n if n == 0 or n >= floor else None
