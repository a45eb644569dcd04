"""`manage.py import_postcodes FILE.csv`: load the council's postcode directory.

The file is in the shape of the Scottish Postcode Directory (published by National Records of
Scotland), cut down to three columns with a header row: postcode, ward_code, ward_name. Loading
it replaces the directory loaded before, in one transaction: either the whole new file is in,
or the old directory stays. Wards keep their codes from one load to the next, so an envelope
limited to a ward stays limited to it; a ward that is no longer in the file is named.
"""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgeting.models import PostcodeWard, Ward
from budgeting.postcodes import normalise_postcode, written_postcode

COLUMNS = {"postcode", "ward_code", "ward_name"}
BATCH = 5000


def read_directory(path: str) -> tuple[dict[str, str], dict[str, str]]:
    """{postcode: ward code} and {ward code: ward name}; one line that says what is wrong."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            header = {(name or "").strip().lower() for name in reader.fieldnames or []}
            if not COLUMNS <= header:
                raise CommandError(f"{path} needs a header row with postcode, ward_code and "
                                   "ward_name.")
            postcodes: dict[str, str] = {}
            wards: dict[str, str] = {}
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
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise CommandError(f"{path} is not a CSV file in UTF-8 ({error}).") from None
    if not postcodes:
        raise CommandError(f"{path} has no postcodes.")
    return postcodes, wards


@transaction.atomic
def directory_replace(*, postcodes: dict[str, str], wards: dict[str, str]) -> list[str]:
    """Put this directory in place of the old; the names of wards it no longer has."""
    known = {w.code: w for w in Ward.objects.all()}
    for code, name in wards.items():
        if code not in known:
            known[code] = Ward.objects.create(code=code, name=name)
        elif known[code].name != name:
            Ward.objects.filter(pk=known[code].pk).update(name=name)
    PostcodeWard.objects.all().delete()
    PostcodeWard.objects.bulk_create(
        (PostcodeWard(postcode=p, ward=known[code]) for p, code in postcodes.items()),
        batch_size=BATCH)
    return sorted(w.name for code, w in known.items() if code not in wards)


class Command(BaseCommand):
    help = "Load the council's postcode directory (postcode, ward_code, ward_name), replacing it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args, file: str, **options) -> None:
        postcodes, wards = read_directory(file)
        gone = directory_replace(postcodes=postcodes, wards=wards)
        self.stdout.write(f"Loaded {len(postcodes):,} postcodes in {len(wards):,} wards from "
                          f"{file}, in place of the directory before.")
        if gone:
            self.stdout.write("No longer in the directory: " + ", ".join(gone) + ".")
