"""Where a proposal is: a point typed, picked on a map or found from a postcode, and the area
a round's envelope covers, so a point far outside it is refused.

An envelope's area is worked out from the council's postcode directory (`manage.py
import_postcodes`) where it gives postcode centres: the box around the postcodes of the
envelope's wards (or, with no wards, of its postcode prefixes; with neither, the whole
directory), widened by a margin so that a park or a road just past the last postcode's centre
still fits. Without coordinates in the directory there is nothing to check against, and any
point on Earth is taken.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _

from budgeting.models import Envelope, PostcodeWard
from budgeting.postcodes import normalise_postcode, written_postcode

# About 1.1 km north to south, and about 0.6 km east to west in Scotland: a postcode's centre
# is not its edge, and the place an idea is for may sit just beyond the last one.
MARGIN = Decimal("0.01")


@dataclass(frozen=True)
class Area:
    south: Decimal
    west: Decimal
    north: Decimal
    east: Decimal

    def contains(self, latitude: Decimal, longitude: Decimal) -> bool:
        return (self.south <= latitude <= self.north) and (self.west <= longitude <= self.east)

    def as_list(self) -> list[str]:
        """[south, west, north, east], as Leaflet's fitBounds wants them (strings, exact)."""
        return [str(self.south), str(self.west), str(self.north), str(self.east)]


def _located_postcodes():
    return PostcodeWard.objects.filter(latitude__isnull=False, longitude__isnull=False)


def _box(postcodes) -> Area | None:
    box = postcodes.aggregate(south=Min("latitude"), north=Max("latitude"),
                              west=Min("longitude"), east=Max("longitude"))
    if box["south"] is None:
        return None
    return Area(south=box["south"] - MARGIN, west=box["west"] - MARGIN,
                north=box["north"] + MARGIN, east=box["east"] + MARGIN)


def envelope_area(*, envelope: Envelope) -> Area | None:
    """The box a proposal for this envelope must be in, or None where the directory cannot
    tell (no directory, or none of its postcodes has a centre)."""
    postcodes = _located_postcodes()
    wards = list(envelope.wards.all())
    prefixes = envelope.prefixes()
    if wards:
        postcodes = postcodes.filter(ward__in=wards)
    elif prefixes:
        starts = Q()
        for prefix in prefixes:
            starts |= Q(postcode__startswith=prefix)
        postcodes = postcodes.filter(starts)
    # Wards or prefixes the directory has no centres for say nothing about where they are:
    # the council's whole area is the best that can be checked then.
    return _box(postcodes) or (_box(_located_postcodes()) if wards or prefixes else None)


def process_area(*, envelopes: list[Envelope]) -> Area | None:
    """The box around all of a round's envelopes: where a map to pick a place starts."""
    areas = [a for a in (envelope_area(envelope=e) for e in envelopes) if a is not None]
    if not areas:
        return None
    return Area(south=min(a.south for a in areas), west=min(a.west for a in areas),
                north=max(a.north for a in areas), east=max(a.east for a in areas))


def placed_area(*, process) -> Area | None:
    """The box around the round's ideas already on the map: where a map starts when the
    directory cannot say where the round is."""
    from budgeting.proposals.models import Proposal

    return _box(Proposal.objects.public().filter(envelope__process=process,
                                                 latitude__isnull=False,
                                                 longitude__isnull=False))


def postcodes_have_centres() -> bool:
    return _located_postcodes().exists()


def postcode_centre(postcode: str) -> tuple[Decimal, Decimal] | None:
    found = _located_postcodes().filter(postcode=normalise_postcode(postcode)).first()
    return (found.latitude, found.longitude) if found else None


def resolve_location(*, latitude: Decimal | None, longitude: Decimal | None, postcode: str
                     ) -> tuple[Decimal | None, Decimal | None, str]:
    """The point a proposer gave: typed or picked coordinates first, else the centre of the
    postcode they typed; and the field a refusal belongs to."""
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        raise ValidationError({missing: _(
            "Give both the latitude and the longitude, or neither.")}, code="half_a_point")
    if latitude is not None:
        return latitude, longitude, "latitude"
    postcode = postcode.strip()
    if not postcode:
        return None, None, "latitude"
    if written_postcode(postcode) is None:
        raise ValidationError({"postcode": _("Enter a postcode like RV1 2AB.")},
                              code="postcode")
    centre = postcode_centre(postcode)
    if centre is None:
        raise ValidationError({"postcode": _(
            "%(postcode)s is not in the council's list of postcodes with a map position. Check "
            "it, or give the latitude and longitude instead.") % {"postcode": postcode}},
            code="postcode")
    return centre[0], centre[1], "postcode"


def check_location_in_area(*, envelope: Envelope, latitude: Decimal | None,
                           longitude: Decimal | None, field: str = "latitude") -> None:
    """Refuse a point outside the area the envelope covers, naming the envelope."""
    if latitude is None or longitude is None:
        return
    area = envelope_area(envelope=envelope)
    if area is not None and not area.contains(latitude, longitude):
        raise ValidationError({field: _(
            "That place is outside the area of %(envelope)s in %(process)s. Choose a place "
            "inside the area, or leave the map position empty.") % {
            "envelope": envelope.name, "process": envelope.process.title}},
            code="outside_area")
