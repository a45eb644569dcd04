"""A published tally as the open API shows it: money in pounds, projects linked to Kist's ids.

The tally keeps the engine's outcome in the units of its ballot file (`Tally.unit` pence
each), so that the count can be repeated from the file exactly. Readers of the API should not
have to know that, so every amount is turned into pounds here, exactly, with Decimal.
"""

from decimal import Decimal
from typing import Any

from django.urls import reverse

from voting.privacy import public_turnout
from voting.results import services as results_services
from voting.results.models import Tally

PENNY = Decimal("0.01")
DOWNLOAD_FORMATS = ("pb", "csv", "json")


def pounds(*, value: int, unit: int) -> Decimal:
    """An amount in file units as pounds to the penny: each unit is `unit` pence."""
    return results_services.pounds(int(value), unit=unit).quantize(PENNY)


def download_paths(*, slug: str, envelope_id: int, number: int) -> dict[str, str]:
    """Where the results pages offer this count's files."""
    return {
        fmt: reverse("results_download", args=[slug, envelope_id, number, fmt])
        for fmt in DOWNLOAD_FORMATS
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
