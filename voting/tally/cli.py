"""`pb-tally` (or `python -m voting.tally`): count Pabulib .pb files with no Django and no
database, importing only what the chosen rule needs.

    pb-tally FILE.pb --rule RULE [--utility count|cost] [--completion none|add1|add1u|utilitarian]
        [--threshold 1/20] [--increment N] [--json]
    pb-tally DIR_OR_FILES... --rule RULE --jsonl [--jobs N]

One file prints a table (or, with --json, one JSON object, as `manage.py pb_tally` does).
Several files, a folder or --jsonl print one JSON object a line, in the order given; a file that
cannot be counted prints {"file": ..., "error": ...} and the rest go on. The exit status is 1
if any file failed, 2 for bad options.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from pathlib import Path

from voting.tally.count import COMPLETIONS, RULES, UTILITIES, count
from voting.tally.outcome import Outcome
from voting.tally.pabulib import PbError, read_pb


class TallyError(Exception):
    """A file that cannot be counted, in one line that names it."""


def parser(prog: str = "pb-tally") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Count Pabulib .pb files under one rule "
                                "and print the outcome with a reason for each project.")
    add_options(p)
    p.add_argument("files", nargs="+", help=".pb files, or folders of them")
    p.add_argument("--jsonl", action="store_true",
                   help="one JSON object a line, for one file or many")
    p.add_argument("--jobs", type=int, default=1, help="count N files at once (processes)")
    return p


def add_options(p) -> None:
    """The counting options, shared with `manage.py pb_tally`."""
    p.add_argument("--rule", choices=RULES, default="greedy")
    p.add_argument("--utility", choices=UTILITIES, default="count",
                   help="max-welfare: what to add up")
    p.add_argument("--completion", choices=COMPLETIONS, default="add1u",
                   help="equal-shares completion")
    p.add_argument("--threshold", default=None,
                   help="greedy rules: least share of ballots a project needs, e.g. 1/20 or 0.05")
    p.add_argument("--increment", type=int, default=1,
                   help="equal-shares Add1 step in money units")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def threshold_of(given: str | None) -> Fraction | None:
    if given is None:
        return None
    try:
        return Fraction(str(given))
    except (ValueError, ZeroDivisionError):
        raise TallyError(f"--threshold {given!r} is not a number") from None


def tally(path: Path, *, rule: str, utility: str, completion: str,
          threshold: Fraction | None, increment: int) -> tuple[dict, Outcome, dict]:
    """Count one file: (its JSON, the outcome, the file's META); TallyError if it cannot be."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TallyError(f"cannot read {path}: {exc}") from None
    try:
        pb = read_pb(text)
    except PbError as exc:
        raise TallyError(f"{path}: {exc}") from None
    try:
        outcome = count(pb.election, rule=rule, utility=utility, completion=completion,
                        threshold=threshold, increment=increment)
    except ValueError as exc:
        raise TallyError(str(exc)) from None
    data = outcome.to_json()
    data["file"] = path.name
    data["problems"] = pb.problems
    return data, outcome, pb.meta


def table(outcome: Outcome, name: str, currency: str, problems: list[str]) -> str:
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
    cells = [header] + [
        ("yes" if p.selected else "no", p.project_id, f"{p.cost:,}", f"{p.support:,}",
         str(p.rank), p.reason + (" [tie]" if p.tie_decided else ""))
        for p in rows
    ]
    widths = [max(len(r[i]) for r in cells) for i in range(5)]
    right = (False, False, True, True, True)
    for r in cells:
        lines.append("  ".join(r[i].rjust(widths[i]) if right[i] else r[i].ljust(widths[i])
                               for i in range(5)) + "  " + r[5])
    lines.append("")
    lines.append("Ties: " + " ".join(outcome.tie_notes) if outcome.tie_notes
                 else "No tie decided anything.")
    if problems:
        lines.append(f"{len(problems)} ballot problem(s) in the file (counted as cast):")
        lines.extend(f"  {p}" for p in problems[:10])
        if len(problems) > 10:
            lines.append(f"  ... and {len(problems) - 10} more")
    return "\n".join(lines)


def _files(given: list[str]) -> list[Path]:
    out: list[Path] = []
    for name in given:
        path = Path(name)
        out.extend(sorted(path.glob("*.pb")) if path.is_dir() else [path])
    return out


def _line(job: tuple[Path, dict]) -> tuple[str, bool]:
    path, options = job
    try:
        data, _outcome, _meta = tally(path, **options)
    except TallyError as exc:
        return json.dumps({"file": path.name, "error": str(exc)}, ensure_ascii=False), False
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")), True


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        options = {"rule": args.rule, "utility": args.utility, "completion": args.completion,
                   "threshold": threshold_of(args.threshold), "increment": args.increment}
    except TallyError as exc:
        print(f"pb-tally: {exc}", file=sys.stderr)
        return 2
    files = _files(args.files)
    if not files:
        print("pb-tally: no .pb files found", file=sys.stderr)
        return 2
    if len(files) == 1 and not args.jsonl and not Path(args.files[0]).is_dir():
        try:
            data, outcome, meta = tally(files[0], **options)
        except TallyError as exc:
            print(f"pb-tally: {exc}", file=sys.stderr)
            return 1
        print(json.dumps(data, ensure_ascii=False, indent=1) if args.json
              else table(outcome, files[0].name, meta.get("currency", ""), data["problems"]))
        return 0
    jobs = [(path, options) for path in files]
    ok = True
    if args.jobs > 1:
        # Imported only here: multiprocessing costs a one-file count a tenth of its time.
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = pool.map(_line, jobs)
            for line, good in results:
                print(line, flush=True)
                ok &= good
    else:
        for job in jobs:
            line, good = _line(job)
            print(line, flush=True)
            ok &= good
    return 0 if ok else 1
