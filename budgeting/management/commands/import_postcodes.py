"""`manage.py import_postcodes FILE.csv`: load the council's postcode directory.

The file is in the shape of the Scottish Postcode Directory (published by National Records of
Scotland), cut down to three columns with a header row: postcode, ward_code, ward_name; two more,
latitude and longitude (the postcode's centre, in degrees as the directory gives them), are
read where the file has them, and place proposals typed as a postcode on the map. Loading
it replaces the directory loaded before, in one transaction: either the whole new file is in,
or the old directory stays. Wards keep their codes from one load to the next, so an envelope
limited to a ward stays limited to it; a ward that is no longer in the file is named.
"""

import csv
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgeting.models import PostcodeWard, Ward
from budgeting.postcodes import normalise_postcode, written_postcode

COLUMNS = {"postcode", "ward_code", "ward_name"}
BATCH = 5000

Centre = tuple[Decimal, Decimal] | None


def _centre(row: dict[str, str], *, where: str) -> Centre:
    """The postcode's centre from a line; a line may leave both empty, not one."""
    latitude, longitude = row.get("latitude", ""), row.get("longitude", "")
    if not latitude and not longitude:
        return None
    try:
        point = (Decimal(latitude).quantize(Decimal("0.000001")),
                 Decimal(longitude).quantize(Decimal("0.000001")))
    except (InvalidOperation, ValueError):
        point = None
    if (point is None or not all(d.is_finite() for d in point)
            or not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180)):
        raise CommandError(f"{where}: the latitude and longitude must both be numbers in "
                           "degrees, like 55.953252 and -3.188267, or both be empty.")
    return point


def read_directory(path: str) -> tuple[dict[str, str], dict[str, str], dict[str, Centre]]:
    """{postcode: ward code}, {ward code: ward name} and {postcode: its centre or None}; or
    one line that says what is wrong."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            header = {(name or "").strip().lower() for name in reader.fieldnames or []}
            if not COLUMNS <= header:
                raise CommandError(f"{path} needs a header row with postcode, ward_code and "
                                   "ward_name.")
            postcodes: dict[str, str] = {}
            wards: dict[str, str] = {}
            centres: dict[str, Centre] = {}
            for line, row in enumerate(reader, start=2):
                row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                postcode, code, name = row["postcode"], row["ward_code"], row["ward_name"]
                if written_postcode(postcode) is None:
                    raise CommandError(f"{path}, line {line}: {postcode!r} is not a postcode.")
                if not code or not name or len(code) > 20 or len(name) > 200:
                    raise CommandError(f"{path}, line {line}: every postcode needs a ward code "
                                       "(up to 20 characters) and a ward name.")
                if wards.setdefault(code, name) != name:
                    raise CommandError(f"{path}, line {line}: ward {code} is named both "
                                       f"{wards[code]!r} and {name!r}.")
                compact = normalise_postcode(postcode)
                if postcodes.setdefault(compact, code) != code:
                    raise CommandError(f"{path}, line {line}: {postcode} is in two wards.")
                centres[compact] = _centre(row, where=f"{path}, line {line}")
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise CommandError(f"{path} is not a CSV file in UTF-8 ({error}).") from None
    if not postcodes:
        raise CommandError(f"{path} has no postcodes.")
    return postcodes, wards, centres


@transaction.atomic
def directory_replace(*, postcodes: dict[str, str], wards: dict[str, str],
                      centres: dict[str, Centre] | None = None) -> list[str]:
    """Put this directory in place of the old; the names of wards it no longer has."""
    known = {w.code: w for w in Ward.objects.all()}
    for code, name in wards.items():
        if code not in known:
            known[code] = Ward.objects.create(code=code, name=name)
        elif known[code].name != name:
            Ward.objects.filter(pk=known[code].pk).update(name=name)
    PostcodeWard.objects.all().delete()
    centres = centres or {}

    def row(postcode: str, code: str) -> PostcodeWard:
        latitude, longitude = centres.get(postcode) or (None, None)
        return PostcodeWard(postcode=postcode, ward=known[code], latitude=latitude,
                            longitude=longitude)

    PostcodeWard.objects.bulk_create(
        (row(p, code) for p, code in postcodes.items()), batch_size=BATCH)
    return sorted(w.name for code, w in known.items() if code not in wards)


class Command(BaseCommand):
    help = ("Load the council's postcode directory (postcode, ward_code, ward_name, and "
            "optionally latitude, longitude), replacing it.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args, file: str, **options) -> None:
        postcodes, wards, centres = read_directory(file)
        gone = directory_replace(postcodes=postcodes, wards=wards, centres=centres)
        self.stdout.write(f"Loaded {len(postcodes):,} postcodes in {len(wards):,} wards from "
                          f"{file}, in place of the directory before.")
        placed = sum(1 for centre in centres.values() if centre is not None)
        if placed:
            self.stdout.write(f"{placed:,} of them have a map position.")
        if gone:
            self.stdout.write("No longer in the directory: " + ", ".join(gone) + ".")
