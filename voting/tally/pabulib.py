"""Read and write Pabulib `.pb` files (pabulib.org; Faliszewski et al., IJCAI 2023).

A file has three sections, META, PROJECTS and VOTES, each a `;`-separated table with a header
row (fields may be quoted). Invalid files raise PbError naming the line; ballots that break
the file's own limits (lengths, costs, points) are kept and listed in PbFile.problems.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

from voting.tally.election import BallotRows, Election, Project, borda

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
SECTIONS = ("meta", "projects", "votes")


class PbError(ValueError):
    """An invalid .pb file: one message naming the line."""

    def __init__(self, line_no: int, message: str) -> None:
        self.line_no = line_no
        self.message = message
        super().__init__(f"line {line_no}: {message}")


@dataclass(frozen=True)
class PbFile:
    meta: dict[str, str]
    projects: dict[str, dict[str, str]]
    election: Election
    problems: list[str] = field(default_factory=list)
    # Each VOTES row as a record, made when first asked for: a count never needs them.
    records: Callable[[], list[dict[str, str]]] = field(default=list, repr=False,
                                                        compare=False)

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "")

    @cached_property
    def votes(self) -> list[dict[str, str]]:
        return self.records()


def read_pb(source: str | Path | bytes, *, row_by_row: bool = False) -> PbFile:
    """Read a .pb file from a path, or from its text (str or bytes). `row_by_row` reads every
    ballot with the exact loop, as the fast reader hands it anything odd (to check one
    against the other)."""
    from voting.tally.pabulib_fast import votes_by_lines

    text = _text_of(source)
    sections: dict[str, tuple[int, list[str], Sequence[tuple[int, list[str]]]]] = {}
    current: str | None = None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    expect_header = False
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            # Sections come in order, so a later ballot naming a project "meta" is still data.
            following = SECTIONS[len(sections)] if len(sections) < len(SECTIONS) else None
            if len(row) == 1 and row[0].strip().lower() == following:
                current = following
                sections[current] = (line, [], [])
                expect_header = True
                if (current == "votes" and not row_by_row
                        and (rest := votes_by_lines(text, line)) is not None):
                    sections[current] = (line, rest[0], rest[1])
                    expect_header = False
                    break
                continue
            if current is None:
                raise PbError(line, "the file must start with a META section")
            if expect_header:
                header = [h.strip() for h in row]
                if len(set(header)) != len(header):
                    raise PbError(line, f"the {current.upper()} header repeats a column")
                sections[current][1].extend(header)
                expect_header = False
                continue
            sections[current][2].append((line, row))
    except csv.Error as exc:
        raise PbError(reader.line_num, f"cannot read this line ({exc})") from None
    end_line = max(reader.line_num, 1)
    for name in SECTIONS:
        if name not in sections:
            raise PbError(end_line, f"the {name.upper()} section is missing")
        if not sections[name][1]:
            raise PbError(sections[name][0], f"the {name.upper()} section has no header row")

    meta = _read_meta(*sections["meta"])
    projects = _read_projects(*sections["projects"])
    return _read_votes(meta, projects, *sections["votes"], row_by_row=row_by_row)


def _text_of(source: str | Path | bytes) -> str:
    if isinstance(source, bytes):
        return source.decode("utf-8-sig")
    if isinstance(source, Path) or ("\n" not in source and Path(source).is_file()):
        return Path(source).read_text(encoding="utf-8-sig")
    return source.removeprefix("\ufeff")


def _read_meta(
    start: int, header: list[str], rows: list[tuple[int, list[str]]]
) -> dict[str, tuple[int, str]]:
    meta: dict[str, tuple[int, str]] = {}
    for line, row in rows:
        key = row[0].strip()
        if len(row) < 2:
            raise PbError(line, f"META key {key!r} has no value")
        # An unquoted ';' inside a value splits it: keep the value whole.
        value = ";".join(row[1:]).strip()
        if key in meta:
            raise PbError(line, f"META key {key!r} appears twice")
        meta[key] = (line, value)
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise PbError(start, f"META has no {key!r}")
    line, vote_type = meta["vote_type"]
    if vote_type not in VOTE_TYPES:
        raise PbError(
            line, f"vote_type {vote_type!r} is not one of {', '.join(VOTE_TYPES)}"
        )
    return meta


def _whole(line: int, what: str, text: str, *, allow_negative: bool = False) -> int:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise PbError(line, f"{what} {text!r} is not a number") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise PbError(line, f"{what} {text!r} is not a whole number")
    if value < 0 and not allow_negative:
        raise PbError(line, f"{what} {text!r} is negative")
    return int(value)


def _read_projects(
    start: int, header: list[str], rows: list[tuple[int, list[str]]]
) -> dict[str, tuple[int, dict[str, str]]]:
    for column in ("project_id", "cost"):
        if column not in header:
            raise PbError(start + 1, f"the PROJECTS header has no {column!r} column")
    projects: dict[str, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        if len(row) != len(header):
            raise PbError(line, f"expected {len(header)} fields, found {len(row)}")
        record = {k: v.strip() for k, v in zip(header, row, strict=True)}
        pid = record["project_id"]
        if not pid:
            raise PbError(line, "a project has an empty project_id")
        if pid in projects:
            raise PbError(line, f"project {pid!r} appears twice")
        _whole(line, f"cost of project {pid}:", record["cost"])
        projects[pid] = (line, record)
    if not projects:
        raise PbError(start, "the PROJECTS section lists no project")
    return projects


def _knapsack(meta: Mapping[str, str]) -> bool:
    # Pabulib has no knapsack vote type: such files are "approval" with a cost limit, or, in
    # the Stanford and Mechanical Turk sets, named as knapsack votes with no limit at all.
    if "max_sum_cost" in meta:
        return True
    named = " ".join(meta.get(k, "") for k in ("description", "unit", "subunit", "instance"))
    return "knapsack" in named.lower()


Limits = dict[str, tuple[int, str]]


def _read_votes(
    meta_lines: dict[str, tuple[int, str]],
    project_lines: dict[str, tuple[int, dict[str, str]]],
    start: int,
    header: list[str],
    rows: Sequence[tuple[int, list[str]]],
    *,
    row_by_row: bool = False,
) -> PbFile:
    meta = {k: v for k, (_, v) in meta_lines.items()}
    vote_type = meta["vote_type"]
    budget = _whole(meta_lines["budget"][0], "budget", meta["budget"])
    projects = _projects(project_lines)
    _check_votes_header(start, header, vote_type)
    if vote_type == "ordinal" and meta.get("scoring_fn", "borda").strip().lower() != "borda":
        raise PbError(meta_lines["scoring_fn"][0], "only the Borda scoring_fn is supported")
    limits = _limits(meta_lines, vote_type)
    knapsack = vote_type in ("approval", "choose-1") and _knapsack(meta)
    if knapsack and "max_sum_cost" not in limits:
        limits["max_sum_cost"] = (budget, "the budget")
    ballots = (_read_ballots_exactly if row_by_row else _read_ballots)(
        rows, header, projects, limits, vote_type)
    ballots.problems.extend(_declared_counts(meta_lines, len(projects), ballots.count))
    election = Election(
        projects,
        budget,
        ballots.matrix(len(projects)),
        _ballot_type(vote_type, knapsack),
        scoring="borda" if vote_type == "ordinal" else None,
    )
    project_rows = {pid: rec for pid, (_, rec) in project_lines.items()}
    return PbFile(meta, project_rows, election, ballots.problems, records=ballots.records)


def _projects(project_lines: dict[str, tuple[int, dict[str, str]]]) -> list[Project]:
    return [
        Project(pid, _whole(line, f"cost of project {pid}:", rec["cost"]), rec.get("name", ""))
        for pid, (line, rec) in project_lines.items()
    ]


def _check_votes_header(start: int, header: list[str], vote_type: str) -> None:
    needed = ("vote", "points") if vote_type in ("cumulative", "scoring") else ("vote",)
    for column in needed:
        if column not in header:
            raise PbError(start + 1, f"the VOTES header has no {column!r} column")


def _ballot_type(vote_type: str, knapsack: bool) -> str:
    if vote_type in ("cumulative", "scoring"):
        return "points"
    if vote_type == "ordinal":
        return "ranking"
    return "knapsack" if knapsack else "approval"


@dataclass
class _Ballots:
    """The VOTES rows as read: each row's record, and the ballot matrix as CSR parts."""

    votes: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    n_rows: int | None = None
    lazy_records: Callable[[], list[dict[str, str]]] | None = None
    indptr: list[int] = field(default_factory=lambda: [0])
    cols: list[int] = field(default_factory=list)
    data: list[int] = field(default_factory=list)

    def records(self) -> list[dict[str, str]]:
        return self.lazy_records() if self.lazy_records else self.votes

    @property
    def count(self) -> int:
        return self.n_rows if self.n_rows is not None else len(self.votes)

    def matrix(self, n_projects: int) -> BallotRows:
        return BallotRows.of(self.indptr, self.cols, self.data, (self.count, n_projects))


def _read_ballots(
    rows: list[tuple[int, list[str]]],
    header: list[str],
    projects: list[Project],
    limits: Limits,
    vote_type: str,
) -> _Ballots:
    """Every ballot in VOTES; ballots that break the file's limits are kept, as problems."""
    from voting.tally.pabulib_fast import fast_ballots

    fast = fast_ballots(rows, header, projects, limits, vote_type)
    return fast if fast is not None else _read_ballots_exactly(rows, header, projects, limits,
                                                               vote_type)


def _read_ballots_exactly(
    rows: list[tuple[int, list[str]]],
    header: list[str],
    projects: list[Project],
    limits: Limits,
    vote_type: str,
) -> _Ballots:
    """The ballot loop, one row at a time: it reads every file the fast reader declines and
    names the line of anything wrong."""
    index = {p.project_id: i for i, p in enumerate(projects)}
    costs = [p.cost for p in projects]
    points_of = _POINTS_OF.get(vote_type, _one_point)
    out = _Ballots()
    # Bound once: this loop runs once per ballot, and large files have 100,000s of them.
    votes, problems, indptr, cols, data = out.votes, out.problems, out.indptr, out.cols, out.data
    seen_voters: dict[str, int] = {}
    for line, row in rows:
        if len(row) != len(header):
            raise PbError(line, f"expected {len(header)} fields, found {len(row)}")
        record = {k: v.strip() for k, v in zip(header, row, strict=True)}
        voter = record.get("voter_id", str(len(votes) + 1))
        picked = _picked(line, voter, record["vote"], index)
        given = points_of(line, voter, record, len(picked))
        if voter in seen_voters:
            problems.append(
                f"line {line}: voter {voter} already voted on line {seen_voters[voter]}"
            )
        else:
            seen_voters[voter] = line
        problems.extend(_check(line, voter, picked, given, costs, limits, vote_type))
        for col, value in sorted(zip(picked, given, strict=True)):
            if value:
                cols.append(col)
                data.append(value)
        indptr.append(len(cols))
        votes.append(record)
    return out


def _picked(line: int, voter: str, vote: str, index: Mapping[str, int]) -> list[int]:
    """The columns of the projects a ballot names, in its order."""
    picked: list[int] = []
    for part in vote.split(","):
        pid = part.strip()
        if not pid:
            continue
        col = index.get(pid)
        if col is None:
            raise PbError(line, f"voter {voter} votes for unknown project {pid!r}")
        picked.append(col)
    if len(set(picked)) != len(picked):
        raise PbError(line, f"voter {voter} names a project twice")
    return picked


def _written_points(line: int, voter: str, record: Mapping[str, str], n: int) -> list[int]:
    raw = [x for x in record["points"].split(",") if x.strip()]
    if len(raw) != n:
        raise PbError(line, f"voter {voter} has {n} projects but {len(raw)} points")
    return [_whole(line, f"points of voter {voter}:", x) for x in raw]


def _borda_points(line: int, voter: str, record: Mapping[str, str], n: int) -> list[int]:
    return [borda(pos, n) for pos in range(n)]


def _one_point(line: int, voter: str, record: Mapping[str, str], n: int) -> list[int]:
    return [1] * n


# What each project named on a ballot gets, by vote type; all share one signature so that the
# ballot loop need not branch on the vote type.
_POINTS_OF: dict[str, Callable[[int, str, Mapping[str, str], int], list[int]]] = {
    "cumulative": _written_points,
    "scoring": _written_points,
    "ordinal": _borda_points,
}


def _declared_counts(
    meta_lines: Mapping[str, tuple[int, str]], n_projects: int, n_votes: int
) -> list[str]:
    """Where META's num_projects or num_votes disagrees with the file."""
    out: list[str] = []
    for key, actual, what in (
        ("num_projects", n_projects, "projects"),
        ("num_votes", n_votes, "votes"),
    ):
        if key in meta_lines:
            line, value = meta_lines[key]
            declared = _whole(line, key, value)
            if declared != actual:
                out.append(f"line {line}: META says {declared} {what}, the file has {actual}")
    return out


def _limits(meta_lines: Mapping[str, tuple[int, str]], vote_type: str) -> Limits:
    """The META keys that constrain a ballot, as (value, how to name it)."""
    keys = ["min_length", "max_length"]
    if vote_type in ("approval", "choose-1"):
        keys += ["min_sum_cost", "max_sum_cost"]
    if vote_type in ("cumulative", "scoring"):
        keys += ["min_points", "max_points", "min_sum_points", "max_sum_points"]
    limits: Limits = {}
    for key in keys:
        if key in meta_lines:
            line, value = meta_lines[key]
            limits[key] = (_whole(line, key, value, allow_negative=True), key)
    if vote_type == "choose-1":
        limits.setdefault("max_length", (1, "choose-1"))
    return limits


def _check(
    line: int,
    voter: str,
    picked: Sequence[int],
    given: Sequence[int],
    costs: Sequence[int],
    limits: Limits,
    vote_type: str,
) -> list[str]:
    out: list[str] = []
    n = len(picked)

    def say(text: str) -> None:
        out.append(f"line {line}: voter {voter} {text}")

    if "min_length" in limits and n < limits["min_length"][0]:
        say(f"chooses {n} projects, fewer than min_length {limits['min_length'][0]}")
    if "max_length" in limits and n > limits["max_length"][0]:
        value, name = limits["max_length"]
        say(f"chooses {n} projects, more than {name} allows ({value})")
    if vote_type in ("approval", "choose-1"):
        total = sum(costs[c] for c in picked)
        if "min_sum_cost" in limits and total < limits["min_sum_cost"][0]:
            say(f"chooses projects costing {total:,}, less than min_sum_cost")
        if "max_sum_cost" in limits and total > limits["max_sum_cost"][0]:
            value, name = limits["max_sum_cost"]
            say(f"chooses projects costing {total:,}, more than {name} ({value:,})")
    if vote_type in ("cumulative", "scoring"):
        total = sum(given)
        if "min_points" in limits and any(g < limits["min_points"][0] for g in given):
            say(f"gives a project fewer points than min_points {limits['min_points'][0]}")
        if "max_points" in limits and any(g > limits["max_points"][0] for g in given):
            say(f"gives a project more points than max_points {limits['max_points'][0]}")
        if "min_sum_points" in limits and total < limits["min_sum_points"][0]:
            say(f"gives {total} points, fewer than min_sum_points {limits['min_sum_points'][0]}")
        if "max_sum_points" in limits and total > limits["max_sum_points"][0]:
            say(f"gives {total} points, more than max_sum_points {limits['max_sum_points'][0]}")
    return out






