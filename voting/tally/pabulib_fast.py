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
from collections.abc import Sequence
from itertools import repeat

import numpy as np

from voting.tally.election import Project

# A line of nothing but spaces and ';' between two lines: csv skips such rows.
_BLANK_LINE = re.compile(r"(?:^|\n)[;\s]*(?:\n|$)")


def votes_by_lines(text: str, header_line: int):
    """VOTES read as plain lines split on ';' (header, [(line, row)]), when that is exactly
    what the csv reader would give: no quotes, no lone carriage returns, no NULs. Else None."""
    lines = text.split("\n")[header_line:]
    rest = "\n".join(lines)
    if '"' in rest or "\x00" in rest or "\r" in rest.replace("\r\n", "\n"):
        return None
    if "\r" in rest:
        lines = [raw.removesuffix("\r") for raw in lines]
    while lines and not lines[-1].replace(";", "").strip():
        lines.pop()
    first = header_line + 1
    if _BLANK_LINE.search("\n".join(lines)) or not lines or not lines[0].strip():
        # Blank rows inside: number each line and drop the blank ones, as csv does.
        numbered = [(n, raw) for n, raw in enumerate(lines, start=first)
                    if raw.replace(";", "").strip()]
    else:
        numbered = list(zip(range(first, first + len(lines)), lines, strict=True))
    if not numbered:
        return None
    header = [h.strip() for h in numbered[0][1].split(";")]
    if len(set(header)) != len(header):
        return None  # the csv path says which column repeats, on which line
    body = numbered[1:]
    split = [raw.split(";") for _n, raw in body]
    return header, list(zip([n for n, _raw in body], split, strict=True))


def fast_ballots(rows: Sequence[tuple[int, list[str]]], header: list[str],
                 projects: list[Project], limits: dict, vote_type: str):
    """The VOTES as the exact loop would read them, or None where it must read them."""
    from voting.tally.pabulib import _Ballots

    width = len(header)
    if any(len(row) != width for _line, row in rows):
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
    tokens, row_of, _per_row = _split([row[column["vote"]] for _line, row in rows])
    cols = np.fromiter(map(index.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    if (cols < 0).any():
        return None  # an unknown project: the exact loop says which, on which line
    order = np.lexsort((cols, row_of))
    s_rows, s_cols = row_of[order], cols[order]
    if len(s_rows) > 1 and ((s_rows[1:] == s_rows[:-1]) & (s_cols[1:] == s_cols[:-1])).any():
        return None  # a project named twice on a ballot
    picked_n = np.bincount(row_of, minlength=n_rows)
    given = _points(rows, column, vote_type, row_of, picked_n, len(tokens))
    if given is None:
        return None
    return row_of, cols, given, picked_n, order


def _points(rows, column, vote_type, row_of, picked_n, n_tokens):
    if vote_type in ("cumulative", "scoring"):
        points, point_rows, _ = _split([row[column["points"]] for _line, row in rows])
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
        at = column["voter_id"]
        voters = [row[at] for _line, row in rows]
        if any(c.isspace() for c in set("".join(voters))):
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
    items = ",".join(texts).split(",")
    rows = np.repeat(np.arange(len(texts)), counts)
    stripped = [item.strip() for item in items] if any(
        c.isspace() for c in set("".join(items))) else items
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
