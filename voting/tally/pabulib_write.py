"""Writing a Pabulib `.pb` file: the inverse of `voting.tally.pabulib.read_pb`."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from voting.tally.pabulib import PbFile


def write_pb(
    pb: PbFile | tuple[Mapping[str, object], Mapping[str, Mapping[str, object]], Sequence[Mapping]],
) -> str:
    """The text of a .pb file; read_pb of it gives back the same meta, projects and votes.

    A row missing a column that other rows have is written with an empty field.
    """
    if isinstance(pb, PbFile):
        meta, projects, votes = pb.meta, pb.projects, pb.votes
    else:
        meta, projects, votes = pb
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, _cell(value)])
    out.write("PROJECTS\n")
    rows = [{"project_id": pid, **dict(rec)} for pid, rec in projects.items()]
    header = _columns(rows, ("project_id", "cost"))
    writer.writerow(header)
    for rec in rows:
        writer.writerow([_cell(rec.get(k, "")) for k in header])
    out.write("VOTES\n")
    first = ("voter_id", "vote") if all("voter_id" in v for v in votes) else ("vote",)
    header = _columns(votes, first)
    writer.writerow(header)
    for rec in votes:
        writer.writerow([_cell(rec.get(k, "")) for k in header])
    return out.getvalue()


def _columns(rows: Sequence[Mapping[str, object]], first: Sequence[str]) -> list[str]:
    columns = dict.fromkeys(first)
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _cell(value: object) -> str:
    return "" if value is None else str(value)
