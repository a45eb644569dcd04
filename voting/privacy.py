"""The privacy floor for published turnout: no group of fewer than ten people is shown.

A small group is merged with its neighbour until every group shown has at least ten people;
if all of them together are fewer than ten, no breakdown is shown at all. Totals are exact:
the published ballot file holds every counted ballot anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from voting.models import Channel

FLOOR = 10

# The age bands a participation records, youngest first, as (youngest, oldest) ages.
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("under 16", 0, 15),
    ("16-24", 16, 24),
    ("25-44", 25, 44),
    ("45-64", 45, 64),
    ("65+", 65, None),
]


def age_band(age: int) -> str:
    """The band an age falls in: all a participation keeps of a voter's age."""
    for band, _youngest, oldest in AGE_BANDS:
        if oldest is None or age <= oldest:
            return band
    raise ValueError(age)


@dataclass
class Group:
    members: list[str]  # the keys merged into this group, in order
    count: int


def merge_small(counts: list[tuple[str, int]], *, floor: int = FLOOR) -> list[Group]:
    """Ordered groups with every small one merged into a neighbour; [] if all are too few.

    An empty group says nothing about anyone and is left out rather than merged.
    """
    groups: list[Group] = []
    for key, n in counts:
        if not n:
            continue
        if groups and groups[-1].count < floor:
            groups[-1].members.append(key)
            groups[-1].count += n
        else:
            groups.append(Group([key], n))
    # The last group may still be short: fold it into the one before.
    if len(groups) > 1 and groups[-1].count < floor:
        last = groups.pop()
        groups[-1].members.extend(last.members)
        groups[-1].count += last.count
    if sum(g.count for g in groups) < floor:
        return []
    return groups


def age_bands_shown(counts: dict[str, int], *, floor: int = FLOOR) -> list[dict]:
    """The age bands to publish, as {"youngest", "oldest", "count"}; [] when too few."""
    bounds = {band: (youngest, oldest) for band, youngest, oldest in AGE_BANDS}
    groups = merge_small([(band, counts.get(band, 0)) for band, _y, _o in AGE_BANDS],
                         floor=floor)
    return [{"youngest": bounds[g.members[0]][0], "oldest": bounds[g.members[-1]][1],
             "count": g.count} for g in groups]


def age_label(youngest: int, oldest: int | None) -> str:
    if oldest is None:
        return _("all ages") if youngest == 0 else _("%(age)s and over") % {"age": youngest}
    if youngest == 0:
        return _("under %(age)s") % {"age": oldest + 1}
    return _("%(youngest)s to %(oldest)s") % {"youngest": youngest, "oldest": oldest}




def channels_shown(by_channel: dict[str, int], *, floor: int = FLOOR) -> list[dict]:
    """Counted ballots by way of voting, merged up to the floor: {"channels": [...], "count"}."""
    # Spoilt papers are not counted ballots; they are shown on their own line.
    groups = merge_small([(c, by_channel.get(c, 0)) for c in Channel.values], floor=floor)
    return [{"channels": g.members, "count": g.count} for g in groups]


def at_least_floor(n: int, *, floor: int = FLOOR) -> int | None:
    """A count of people fit to publish on its own, or None for a group too small to show."""
    return n if n == 0 or n >= floor else None


def public_turnout(*, ballots_by_channel: dict[str, int], turnout: dict) -> dict:
    """What a published count says about who voted, everything under the floor merged or
    withheld: the one place the results page, its downloads and the API take it from."""
    spoilt = ballots_by_channel.get("spoilt", 0)
    return {
        "ways_of_voting": channels_shown(ballots_by_channel),
        "spoilt": at_least_floor(spoilt),
        "age_bands": [{**band, "label": age_label(band["youngest"], band["oldest"])}
                      for band in turnout.get("age_bands", [])],
        "age_hidden": bool(turnout.get("age_hidden")),
    }
