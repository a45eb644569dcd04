"""Count a Pabulib .pb file without touching the database.

    python manage.py pb_tally FILE.pb --rule RULE [--utility count|cost]
        [--completion none|add1|add1u|utilitarian] [--threshold 1/20] [--increment N] [--json]

The same count as `pb-tally` (voting.tally.cli), which needs no Django and starts faster.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voting.tally.cli import TallyError, add_options, table, tally, threshold_of


class Command(BaseCommand):
    help = "Count a Pabulib .pb file under one rule and print the outcome with a reason each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .pb file")
        add_options(parser)

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        try:
            data, outcome, meta = tally(
                path, rule=str(options["rule"]), utility=str(options["utility"]),
                completion=str(options["completion"]),
                threshold=threshold_of(options["threshold"]),
                increment=int(str(options["increment"])))
        except TallyError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(table(outcome, path.name, meta.get("currency", ""), data["problems"]))
