"""A count as others take it away: the downloads (CSV, JSON, the `.pb` ballot file) and the
open API's results, from the frozen tally and nothing else.

The tally keeps the engine's outcome in the units of its ballot file (`Tally.unit` pence
each), so that the count can be repeated from the file exactly. Readers should not have to know
that, so every amount is turned into pounds here, exactly, with Decimal. Every text cell of a
CSV is neutralised, so that a spreadsheet never runs a title as a formula.
"""

import csv
import io
from decimal import Decimal
from typing import Any

from django.urls import reverse

from voting.privacy import public_turnout
from voting.results.models import Tally
from voting.results.selectors import ballot_filename
from voting.results.services import pounds as file_pounds
from voting.results.services import rerun_command

PENNY = Decimal("0.01")
DOWNLOADS = ("pb", "csv", "json")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A CSV text cell a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def pounds(*, value: int, unit: int) -> Decimal:
    """An amount in file units as pounds to the penny: each unit is `unit` pence."""
    return file_pounds(int(value), unit=unit).quantize(PENNY)


def download_paths(*, slug: str, envelope_id: int, number: int) -> dict[str, str]:
    """Where the results pages offer this count's files."""
    return {
        fmt: reverse("results_download", args=[slug, envelope_id, number, fmt])
        for fmt in DOWNLOADS
    }


def _project(row: dict[str, Any], *, unit: int, ids: dict[str, int]) -> dict[str, Any]:
    code = str(row["project_id"])
    return {
        "project_id": code,
        "project": ids.get(code),
        "name": row.get("name", ""),
        "cost": pounds(value=row["cost"], unit=unit),
        "support": row["support"],
        "supporters": row["supporters"],
        "selected": row["selected"],
        "rank": row["rank"],
        "reason": row.get("reason", ""),
        "reason_code": row.get("reason_code", ""),
        "tie_decided": bool(row.get("tie_decided", False)),
    }


def results_body(*, tally: Tally, slug: str, ids: dict[str, int]) -> dict[str, Any]:
    """The public shape of a tally; `ids` maps the count's project ids to Kist's."""
    outcome = tally.outcome
    unit = tally.unit
    return {
        "envelope": tally.envelope_id,
        "number": tally.number,
        "rule": tally.rule,
        "options": tally.options,
        "ballot_type": outcome.get("ballot_type", ""),
        "unit": unit,
        "currency": tally.envelope.process.currency,
        "ballots": tally.ballots,
        "turnout": public_turnout(ballots_by_channel=tally.ballots_by_channel,
                                  turnout=tally.turnout),
        "digest": tally.digest,
        "counted_at": tally.counted_at,
        "published_at": tally.published_at,
        "budget": pounds(value=outcome["budget"], unit=unit),
        "spent": pounds(value=outcome["spent"], unit=unit),
        "left": pounds(value=outcome["budget"], unit=unit)
        - pounds(value=outcome["spent"], unit=unit),
        "selected": [str(code) for code in outcome.get("selected", [])],
        "tie_decided": bool(outcome.get("tie_decided", False)),
        "tie_notes": list(outcome.get("tie_notes", [])),
        "projects": [_project(row, unit=unit, ids=ids) for row in outcome.get("projects", [])],
        "downloads": download_paths(slug=slug, envelope_id=tally.envelope_id,
                                    number=tally.number),
    }


def results_json(tally: Tally) -> dict:
    """The JSON download: the count as frozen, with its public turnout and how to repeat it."""
    envelope = tally.envelope
    return {
        "process": envelope.process.slug,
        "envelope": {"id": envelope.pk, "name": envelope.name, "amount": str(envelope.amount)},
        "currency": envelope.process.currency,
        "count": tally.number,
        "published": tally.is_published,
        "counted_at": tally.counted_at.isoformat(),
        "published_at": tally.published_at.isoformat() if tally.published_at else None,
        "money_unit_pence": tally.unit,
        "ballots": tally.ballots,
        "turnout": public_turnout(ballots_by_channel=tally.ballots_by_channel,
                                  turnout=tally.turnout),
        "ballot_file_sha256": tally.digest,
        "rerun": rerun_command(rule=tally.rule, unit=tally.unit,
                                                filename=ballot_filename(tally)),
        "outcome": tally.outcome,
        "other_rules": {rule: {"selected": o["selected"], "spent": o["spent"],
                               "options": o.get("options", {})}
                        for rule, o in tally.alternatives.items()},
    }


def results_csv(tally: Tally) -> str:
    """The CSV download: one row per project, best first."""
    out = io.StringIO()
    writer = csv.writer(out)
    currency = tally.envelope.process.currency
    writer.writerow(["project_id", "title", "cost", "currency", "support", "supporters", "rank",
                     "funded", "reason", "tie_decided"])
    for p in sorted(tally.outcome["projects"], key=lambda p: p["rank"]):
        writer.writerow([
            cell(p["project_id"]), cell(p["name"]), file_pounds(p["cost"], unit=tally.unit),
            currency,
            p["support"], p["supporters"], p["rank"], "yes" if p["selected"] else "no",
            cell(p["reason"]), "yes" if p["tie_decided"] else "no",
        ])
    return out.getvalue()
