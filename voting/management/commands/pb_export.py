"""Write an envelope's anonymised ballots as a Pabulib .pb file.

    python manage.py pb_export --envelope ID [--out FILE] [--count N]

Without --count the file is made from the ballots as they are now (the same canonical file a
new count would use); with --count it is the file that count N froze. `pb_tally` and other
tools (pabutools, equalshares.net) read it. Voters are numbered in an order that says nothing
about who voted when.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from budgeting.models import Envelope
from voting.results.ballot_file import ballot_file, digest_of
from voting.results.models import Tally
from voting.rules import rules_of


class Command(BaseCommand):
    help = "Write an envelope's anonymised ballots as a Pabulib .pb file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--envelope", type=int, required=True, metavar="ID")
        parser.add_argument("--out", metavar="FILE", help="the file to write (default: stdout)")
        parser.add_argument("--count", type=int, metavar="N",
                            help="the ballot file frozen by count N instead of the ballots now")

    def handle(self, *args: object, **options: object) -> None:
        envelope = Envelope.objects.select_related("process").filter(
            pk=options["envelope"]).first()
        if envelope is None:
            raise CommandError(f"there is no envelope {options['envelope']}")
        if options["count"] is not None:
            tally = Tally.objects.filter(envelope=envelope, number=options["count"]).first()
            if tally is None:
                raise CommandError(f"envelope {envelope.pk} has no count {options['count']}")
            text = tally.ballot_file
        else:
            text = ballot_file(envelope=envelope, rules=rules_of(envelope)).text
        if options["out"]:
            path = Path(str(options["out"]))
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {path}: {exc}") from None
            sys.stderr.write(f"Wrote {path} (sha256 {digest_of(text)}).\n")
        else:
            self.stdout.write(text, ending="")
