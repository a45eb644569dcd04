"""Issue voting codes for an envelope and write them, in plain text, to a CSV file.

    python manage.py issue_codes --envelope 3 --count 2000 --out codes.csv \
        [--base-url https://vote.example.gov.uk] [--note "Library drop-in"] [--force]
    python manage.py issue_codes --envelope 3 --to residents.csv --out letters.csv

The file has the columns code, envelope, url (the address that opens the ballot with the code
filled in, for a QR code or a mail merge). With --to, a CSV of named residents (columns name,
date_of_birth, postcode), each gets a code of their own, refused once they have voted another
way; the file then starts with their name and postcode, for the letters. It is the only copy
of the codes: the database keeps keyed hashes. Nothing is issued unless the file can be
written, and the file is created readable by its owner only. An existing file is not
overwritten without --force, since it may hold codes issued before.
"""

import contextlib
import csv
import os
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgeting.models import Envelope
from voting.casting.forms import PersonForm
from voting.register import person_key
from voting.staff import code_sheets
from voting.staff.services import MAX_CODES_AT_ONCE, codes_issue

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Issue N single-use voting codes for an envelope and write them to a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--envelope", type=int, required=True, metavar="ID",
                            help="the id of the envelope the codes vote in")
        parser.add_argument("--count", type=int, metavar="N",
                            help=f"how many anonymous codes (1 to {MAX_CODES_AT_ONCE})")
        parser.add_argument("--to", metavar="FILE",
                            help="a CSV of named residents (name,date_of_birth,postcode): one "
                                 "code each")
        parser.add_argument("--out", required=True, metavar="FILE",
                            help="the CSV file to write (code,envelope,url)")
        parser.add_argument("--base-url", default=DEFAULT_BASE_URL,
                            help=f"the site's address for the url column (default "
                                 f"{DEFAULT_BASE_URL})")
        parser.add_argument("--note", default="", help="a note kept with the batch")
        parser.add_argument("--force", action="store_true",
                            help="overwrite FILE if it exists")

    def handle(self, *args, envelope: int, count: int | None, out: str, base_url: str,
               note: str, force: bool, to: str | None = None, **options):
        found = Envelope.objects.select_related("process").filter(pk=envelope).first()
        if found is None:
            raise CommandError(f"There is no envelope with id {envelope}.")
        if (count is None) == (to is None):
            raise CommandError("Give either --count N (anonymous codes) or --to FILE (codes "
                               "for named residents).")
        people, addressed_to = read_residents(to) if to else ([], [])
        count = len(people) if to else count
        if not 1 <= count <= MAX_CODES_AT_ONCE:
            raise CommandError(
                f"--count must be between 1 and {MAX_CODES_AT_ONCE}, not {count}."
            )
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(
                f"--base-url must be an address like https://vote.example.org, not {base_url!r}."
            )
        if len(note) > 200:
            raise CommandError("--note must be 200 characters or fewer.")
        existed = os.path.lexists(out)
        sheet = self._open(out, force=force)
        try:
            with transaction.atomic():
                try:
                    plain = codes_issue(staff=None, envelope=found, count=count,
                                        note=note, people=people)
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages)) from None
                try:
                    code_sheets.write_csv(sheet, codes=plain, envelope_name=found.name,
                                          base_url=base_url, addressed_to=addressed_to)
                    sheet.close()
                except OSError as error:
                    # Rolls the batch back: codes that no one can read must not exist.
                    raise CommandError(
                        f"Could not write {out}: {error.strerror or error}."
                    ) from None
        except BaseException:
            with contextlib.suppress(OSError):
                sheet.close()
            # No codes were issued: leave no half-written file behind (only one made here).
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(out)
            raise
        self.stdout.write(
            f"Issued {count} voting code{'s' if count != 1 else ''} for {found.name} "
            f"({found.process.title}) into {out}. Keep the file safe: it is the only copy."
        )

    @staticmethod
    def _open(path: str, *, force: bool):
        if os.path.isdir(path):
            raise CommandError(f"Cannot write {path}: it is a folder; name a file in it.")
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
        try:
            descriptor = os.open(path, flags, 0o600)
        except FileExistsError:
            raise CommandError(
                f"{path} already exists and may hold codes issued before; choose another file "
                "or add --force to overwrite it."
            ) from None
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from None
        return os.fdopen(descriptor, "w", encoding="utf-8", newline="")


def read_residents(path: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The register's key and (name, postcode) of each resident in the file, in its order;
    one line that says what is wrong with the first bad row."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            rows = list(csv.DictReader(file))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise CommandError(f"{path} is not a CSV file in UTF-8 ({error}).") from None
    if not rows or not {"name", "date_of_birth", "postcode"} <= set(rows[0]):
        raise CommandError(f"{path} needs a header row with name, date_of_birth and postcode, "
                           "and a row for each resident.")
    people, addressed_to = [], []
    for line, row in enumerate(rows, start=2):
        form = PersonForm({"full_name": row["name"] or "", "postcode": row["postcode"] or "",
                           "date_of_birth": _day(row["date_of_birth"] or "")})
        if not form.is_valid():
            problem = next(iter(form.errors.values()))[0]
            raise CommandError(f"{path}, line {line}: {problem}")
        data = form.cleaned_data
        people.append(person_key(name=data["full_name"], born=data["date_of_birth"],
                                 postcode=data["postcode"]))
        addressed_to.append((data["full_name"], data["postcode"]))
    if len(set(people)) != len(people):
        raise CommandError(f"{path} names the same resident twice: one code each.")
    return people, addressed_to


def _day(text: str) -> str:
    """ISO dates (1990-03-27), as spreadsheets write them, read as day month year."""
    parts = text.strip().split("-")
    if len(parts) == 3 and len(parts[0]) == 4:
        return f"{parts[2]} {parts[1]} {parts[0]}"
    return text
