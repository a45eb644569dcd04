"""Reading the VOTES of a clean .pb file in a few passes over whole columns instead of a
Python loop per ballot.

It handles the files that are what they say: every row with its fields, known projects named
once each, whole points. On anything else it returns None and the reader's exact loop
(voting.tally.pabulib) reads the file, so every error names its line exactly as before. The
problems it reports (ballots breaking the file's own limits, voters twice) are the same, in
the same order: it finds the rows that break something at once, and words each with the same
code as the exact loop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import repeat

import numpy as np

from voting.tally.election import Project

# A line of nothing but spaces and ';' after another line: csv skips such rows.
_BLANK_LINE = re.compile(r"\n[;\s]*\n")
_SPACE = re.compile(r"\s")


class VoteRows(Sequence[tuple[int, list[str]]]):
    """The VOTES rows of a clean file as (line number, fields), split only when asked for;
    whole columns come from one split of the whole section, with no list per row."""

    def __init__(self, lines: list[str], numbers: Sequence[int]) -> None:
        self.lines = lines
        self.numbers = numbers
        self._fields: list[str] | None = None
        self._width = -1

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return self.numbers[i], self.lines[i].split(";")

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return zip(self.numbers, (raw.split(";") for raw in self.lines), strict=True)

    def all_of_width(self, width: int) -> bool:
        """Every row has `width` fields."""
        if self._width != width:
            semis = np.fromiter(map(str.count, self.lines, repeat(";")), dtype=np.int64,
                                count=len(self.lines))
            if semis.size and (semis != width - 1).any():
                return False
            self._width = width
        return True

    def column(self, j: int) -> list[str]:
        """Field j of every row (after all_of_width said yes)."""
        if self._fields is None:
            self._fields = ";".join(self.lines).split(";")
        return self._fields[j::self._width]


def column_of(rows: Sequence[tuple[int, list[str]]], j: int) -> list[str]:
    if isinstance(rows, VoteRows):
        return rows.column(j)
    return [row[j] for _line, row in rows]


def votes_by_lines(text: str, header_line: int) -> tuple[list[str], VoteRows] | None:
    """VOTES read as plain lines split on ';' (header, rows), when that is exactly what the
    csv reader would give: no quotes, no lone carriage returns, no NULs. Else None."""
    lines = text.split("\n")[header_line:]
    rest = "\n".join(lines)
    if '"' in rest or "\x00" in rest or "\r" in rest.replace("\r\n", "\n"):
        return None
    if "\r" in rest:
        lines = [raw.removesuffix("\r") for raw in lines]
    while lines and not lines[-1].replace(";", "").strip():
        lines.pop()
    if not lines:
        return None
    first = header_line + 1
    numbers: Sequence[int]
    if not lines[0].replace(";", "").strip() or _BLANK_LINE.search("\n".join(lines)):
        # Blank rows inside: number each line and drop the blank ones, as csv does.
        numbered = [(n, raw) for n, raw in enumerate(lines, start=first)
                    if raw.replace(";", "").strip()]
        if not numbered:
            return None
        numbers = [n for n, _raw in numbered]
        lines = [raw for _n, raw in numbered]
    else:
        numbers = range(first, first + len(lines))
    header = [h.strip() for h in lines[0].split(";")]
    if len(set(header)) != len(header):
        return None  # the csv path says which column repeats, on which line
    return header, VoteRows(lines[1:], numbers[1:])


def fast_ballots(rows: Sequence[tuple[int, list[str]]], header: list[str],
                 projects: list[Project], limits: dict, vote_type: str):
    """The VOTES as the exact loop would read them, or None where it must read them."""
    from voting.tally.pabulib import _Ballots

    width = len(header)
    if isinstance(rows, VoteRows):
        if not rows.all_of_width(width):
            return None
    elif any(len(row) != width for _line, row in rows):
        return None
    column = {name: i for i, name in enumerate(header)}
    read = _choices(rows, column, projects, vote_type)
    if read is None:
        return None
    row_of, cols, given, picked_n, order = read
    n_rows = len(rows)

    def records() -> list[dict[str, str]]:
        strip = str.strip
        return [dict(zip(header, map(strip, row), strict=True)) for _line, row in rows]

    out = _Ballots(n_rows=n_rows, lazy_records=records)
    costs = np.asarray([p.cost for p in projects], dtype=np.int64)
    flagged = _breaks_limits(limits, vote_type, row_of, cols, given, picked_n, n_rows, costs)
    out.problems = _problems(rows, column, flagged, cols, given, picked_n,
                             [p.cost for p in projects], limits, vote_type)
    keep = given[order] != 0
    out.cols = cols[order][keep]
    out.data = given[order][keep]
    out.indptr = np.concatenate(
        ([0], np.cumsum(np.bincount(row_of[order][keep], minlength=n_rows))))
    return out


def _choices(rows, column, projects, vote_type):
    """(row of each choice, its project column, its points, choices per row, the order that
    sorts them by row then column), or None for anything the exact loop must word."""
    index = {p.project_id: i for i, p in enumerate(projects)}
    n_rows = len(rows)
    tokens, row_of, _per_row = _split(column_of(rows, column["vote"]))
    cols = np.fromiter(map(index.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    if (cols < 0).any():
        return None  # an unknown project: the exact loop says which, on which line
    # Choices come row by row, so one key orders them by row, then project; a file whose
    # ballots already list projects in order needs no sort.
    key = row_of * max(len(projects), 1) + cols
    step = np.diff(key)
    if (step > 0).all():
        order = np.arange(key.size)
    else:
        order = np.argsort(key, kind="stable")
        if (np.diff(key[order]) == 0).any():
            return None  # a project named twice on a ballot
    picked_n = np.bincount(row_of, minlength=n_rows)
    given = _points(rows, column, vote_type, row_of, picked_n, len(tokens))
    if given is None:
        return None
    return row_of, cols, given, picked_n, order


def _points(rows, column, vote_type, row_of, picked_n, n_tokens):
    if vote_type in ("cumulative", "scoring"):
        points, point_rows, _ = _split(column_of(rows, column["points"]))
        if not np.array_equal(np.bincount(point_rows, minlength=len(rows)), picked_n):
            return None
        try:
            given = np.array(points, dtype=np.int64)
        except (ValueError, OverflowError):
            return None  # "3.0", "1e2" and worse: the exact loop reads or refuses them
        return None if (given < 0).any() else given
    if vote_type == "ordinal":
        starts = np.concatenate(([0], np.cumsum(picked_n)[:-1]))
        return picked_n[row_of] - (np.arange(n_tokens) - starts[row_of])
    return np.ones(n_tokens, dtype=np.int64)


def _problems(rows, column, flagged, cols, given, picked_n, costs, limits,
              vote_type) -> list[str]:
    """The exact loop's problems, in its order: a voter twice, then each broken limit."""
    from voting.tally.pabulib import _check

    if "voter_id" in column:
        voters = column_of(rows, column["voter_id"])
        if _SPACE.search("".join(voters)):
            voters = [voter.strip() for voter in voters]
    else:
        voters = [str(i + 1) for i in range(len(rows))]
    twice: dict[int, int] = {}
    if len(set(voters)) != len(voters):
        first_seen: dict[str, int] = {}
        for i, voter in enumerate(voters):
            if voter in first_seen:
                twice[i] = first_seen[voter]
            else:
                first_seen[voter] = i
    starts = np.concatenate(([0], np.cumsum(picked_n)))
    out: list[str] = []
    for i in sorted(set(np.flatnonzero(flagged).tolist()) | set(twice)):
        line = rows[i][0]
        if i in twice:
            out.append(f"line {line}: voter {voters[i]} already voted on line "
                       f"{rows[twice[i]][0]}")
        if flagged[i]:
            span = slice(starts[i], starts[i + 1])
            out.extend(_check(line, voters[i], cols[span].tolist(), given[span].tolist(),
                              costs, limits, vote_type))
    return out


def _split(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every non-empty comma-separated item of every text, stripped, and the text it is in."""
    counts = np.fromiter(map(str.count, texts, repeat(",")), dtype=np.int64,
                         count=len(texts)) + 1
    joined = ",".join(texts)
    items = joined.split(",")
    rows = np.repeat(np.arange(len(texts)), counts)
    stripped = [item.strip() for item in items] if _SPACE.search(joined) else items
    present = np.fromiter(map(bool, stripped), dtype=bool, count=len(stripped))
    if present.all():
        return stripped, rows, counts
    kept = [item for item, keep in zip(stripped, present.tolist(), strict=True) if keep]
    return kept, rows[present], np.bincount(rows[present], minlength=len(texts))


def _breaks_limits(limits: dict, vote_type: str, rows: np.ndarray, cols: np.ndarray,
                   given: np.ndarray, n: np.ndarray, n_rows: int,
                   costs: np.ndarray) -> np.ndarray:
    """Which rows break any of the file's limits (the exact loop words each one)."""
    bad = np.zeros(n_rows, dtype=bool)
    if "min_length" in limits:
        bad |= n < limits["min_length"][0]
    if "max_length" in limits:
        bad |= n > limits["max_length"][0]
    if vote_type in ("approval", "choose-1") and ("min_sum_cost" in limits
                                                  or "max_sum_cost" in limits):
        total = np.zeros(n_rows, dtype=np.int64)
        np.add.at(total, rows, costs[cols])
        if "min_sum_cost" in limits:
            bad |= total < limits["min_sum_cost"][0]
        if "max_sum_cost" in limits:
            bad |= total > limits["max_sum_cost"][0]
    if vote_type in ("cumulative", "scoring"):
        total = np.zeros(n_rows, dtype=np.int64)
        np.add.at(total, rows, given)
        if "min_points" in limits:
            bad |= np.bincount(rows, weights=given < limits["min_points"][0],
                               minlength=n_rows) > 0
        if "max_points" in limits:
            bad |= np.bincount(rows, weights=given > limits["max_points"][0],
                               minlength=n_rows) > 0
        if "min_sum_points" in limits:
            bad |= total < limits["min_sum_points"][0]
        if "max_sum_points" in limits:
            bad |= total > limits["max_sum_points"][0]
    return bad
