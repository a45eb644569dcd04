"""Load a Pabulib election as a process, ready to count and publish in Kist.

    python manage.py pb_import FILE.pb [--process SLUG] [--title TITLE]

The process is created in its results phase with one envelope holding the file's budget,
projects (keeping the file's project ids) and ballots. Count it from the results staff page,
or compare with `pb_tally` on the same file.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from voting.results.pb_import import election_import
from voting.tally import PbError, read_pb


class Command(BaseCommand):
    help = "Load a Pabulib .pb file as a process with one envelope, its projects and ballots."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .pb file")
        parser.add_argument("--process", metavar="SLUG",
                            help="the new process's slug (default: from the file name)")
        parser.add_argument("--title", default="", help="the process's title")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        started = time.perf_counter()
        try:
            pb = read_pb(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from None
        except PbError as exc:
            raise CommandError(f"{path}: {exc}") from None
        slug = str(options["process"] or path.stem.lower().replace("_", "-"))
        try:
            done = election_import(pb=pb, slug=slug, title=str(options["title"]))
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Imported {path.name} as process {done.process.slug!r}: envelope {done.envelope.pk}"
            f" with {done.projects} projects and {done.ballots:,} ballots in {seconds:.1f} s."
        )
        if pb.problems:
            self.stdout.write(f"{len(pb.problems)} ballot(s) break the file's own limits; they "
                              f"are imported as cast, e.g. {pb.problems[0]}")
