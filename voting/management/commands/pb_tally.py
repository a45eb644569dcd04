"""Count a Pabulib .pb file without touching the database.

    python manage.py pb_tally FILE.pb --rule RULE [--utility count|cost]
        [--completion none|add1|add1u|utilitarian] [--threshold 1/20] [--increment N] [--json]
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voting.tally import COMPLETIONS, RULES, UTILITIES, Outcome, PbError, count, read_pb


class Command(BaseCommand):
    help = "Count a Pabulib .pb file under one rule and print the outcome with a reason each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .pb file")
        parser.add_argument("--rule", choices=RULES, default="greedy")
        parser.add_argument(
            "--utility", choices=UTILITIES, default="count", help="max-welfare: what to add up"
        )
        parser.add_argument(
            "--completion", choices=COMPLETIONS, default="add1u", help="equal-shares completion"
        )
        parser.add_argument(
            "--threshold",
            default=None,
            help="greedy rules: least share of ballots a project needs, e.g. 1/20 or 0.05",
        )
        parser.add_argument(
            "--increment", type=int, default=1, help="equal-shares Add1 step in money units"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from None
        try:
            pb = read_pb(text)
        except PbError as exc:
            raise CommandError(f"{path}: {exc}") from None
        threshold = None
        if options["threshold"] is not None:
            try:
                threshold = Fraction(str(options["threshold"]))
            except (ValueError, ZeroDivisionError):
                given = options["threshold"]
                raise CommandError(f"--threshold {given!r} is not a number") from None
        try:
            outcome = count(
                pb.election,
                rule=str(options["rule"]),
                utility=str(options["utility"]),
                completion=str(options["completion"]),
                threshold=threshold,
                increment=int(str(options["increment"])),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            data = outcome.to_json()
            data["file"] = path.name
            data["problems"] = pb.problems
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(_table(outcome, path.name, pb.meta.get("currency", ""), pb.problems))


def _table(outcome: Outcome, name: str, currency: str, problems: list[str]) -> str:
    unit = f" {currency}" if currency else ""
    opts = ", ".join(
        f"{k} {v}" for k, v in outcome.options.items() if k not in ("rule", "tie_order")
    )
    lines = [
        f"{name}: {outcome.rule} ({opts})",
        f"budget {outcome.budget:,}{unit}; spent {outcome.spent:,}{unit}; "
        f"left {outcome.left:,}{unit}; {outcome.voters:,} ballots; "
        f"{len(outcome.selected)} of {len(outcome.projects)} projects funded",
        "",
    ]
    rows = sorted(outcome.projects, key=lambda p: (not p.selected, p.rank))
    header = ("funded", "project", "cost", "support", "rank", "reason")
    table = [header] + [
        (
            "yes" if p.selected else "no",
            p.project_id,
            f"{p.cost:,}",
            f"{p.support:,}",
            str(p.rank),
            p.reason + (" [tie]" if p.tie_decided else ""),
        )
        for p in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(5)]
    right = (False, False, True, True, True)
    for r in table:
        cells = [
            r[i].rjust(widths[i]) if right[i] else r[i].ljust(widths[i]) for i in range(5)
        ]
        lines.append("  ".join(cells) + "  " + r[5])
    lines.append("")
    lines.append(
        "Ties: " + " ".join(outcome.tie_notes) if outcome.tie_notes else "No tie decided anything."
    )
    if problems:
        lines.append(f"{len(problems)} ballot problem(s) in the file (counted as cast):")
        lines.extend(f"  {p}" for p in problems[:10])
        if len(problems) > 10:
            lines.append(f"  ... and {len(problems) - 10} more")
    return "\n".join(lines)
