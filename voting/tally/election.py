"""An election: projects with costs, a budget, and ballots as a sparse voters x projects matrix.

The matrix is held as plain NumPy CSR parts (BallotRows), so that reading a file and counting it
by greedy never imports SciPy; `Election.ballots` gives SciPy's csr_array when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

BallotType = Literal["approval", "knapsack", "points", "ranking"]
BALLOT_TYPES: tuple[str, ...] = ("approval", "knapsack", "points", "ranking")

# Scores a ranking position: (0-based position, length of that ballot) -> points.
Scoring = Callable[[int, int], int]


def borda(position: int, length: int) -> int:
    """Pabulib's Borda: on a ballot ranking k projects the first gets k points, the last 1.

    This is how the `score` column of Pabulib's ordinal files is computed (checked on
    Zurich S5R, Merced and Krakow, where ballot lengths vary).
    """
    return length - position


@dataclass(frozen=True, slots=True)
class Project:
    """A project on the ballot; `cost` is in the election's money unit (Kist passes pence)."""

    project_id: str
    cost: int
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.project_id, str) or not self.project_id:
            raise ValueError("a project needs a non-empty string project_id")
        if isinstance(self.cost, bool) or not isinstance(self.cost, int | np.integer):
            raise ValueError(f"project {self.project_id}: cost must be a whole number")
        if self.cost < 0:
            raise ValueError(f"project {self.project_id}: cost must not be negative")
        object.__setattr__(self, "cost", int(self.cost))


@dataclass(frozen=True, slots=True)
class BallotRows:
    """Ballots as CSR parts: row i's projects are indices[indptr[i]:indptr[i + 1]], ascending,
    with the values in `data` (1 for an approval, else points); no zero and no repeat. Make
    them with BallotRows.of, which checks and orders what it is given."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return int(self.indices.size)

    @classmethod
    def of(cls, indptr: Any, indices: Any, data: Any, shape: tuple[int, int]) -> BallotRows:
        """Checked and put in order: zeros dropped, each row sorted, repeats added up."""
        indptr = np.asarray(indptr, dtype=np.int64)
        indices = np.asarray(indices, dtype=np.int64)
        data = np.asarray(data, dtype=np.int64)
        n, m = int(shape[0]), int(shape[1])
        if indptr.shape != (n + 1,) or indptr[0] != 0 or (np.diff(indptr) < 0).any():
            raise ValueError("the ballot rows need one row pointer per ballot, rising from 0")
        if indptr[-1] != indices.size or indices.size != data.size:
            raise ValueError("the ballot rows need as many values as project columns")
        if indices.size and (indices.min() < 0 or indices.max() >= m):
            raise ValueError("the ballot matrix needs one column per project")
        row = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
        step = np.diff(indices)
        in_order = bool(((step > 0) | (np.diff(row) > 0)).all())
        if not in_order:
            order = np.lexsort((indices, row))
            row, indices, data = row[order], indices[order], data[order]
            first = np.ones(indices.size, dtype=bool)
            first[1:] = (np.diff(indices) != 0) | (np.diff(row) != 0)
            starts = np.flatnonzero(first)
            data = np.add.reduceat(data, starts) if starts.size else data
            row, indices = row[starts], indices[starts]
        if data.size and (data == 0).any():
            keep = data != 0
            row, indices, data = row[keep], indices[keep], data[keep]
        if not in_order or indptr[-1] != indices.size:
            indptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(row, minlength=n), out=indptr[1:])
        return cls(indptr, indices, data, (n, m))

    @classmethod
    def of_entries(cls, rows: list[int], cols: list[int], data: Any, shape: tuple[int, int]
                   ) -> BallotRows:
        """From (ballot, project, value) entries listed ballot by ballot."""
        n = int(shape[0])
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(np.asarray(rows, dtype=np.int64), minlength=n), out=indptr[1:])
        return cls.of(indptr, cols, data, shape)


def _rows_of(ballots: Any, n_projects: int) -> BallotRows:
    if isinstance(ballots, BallotRows):
        rows = ballots  # made by BallotRows.of, so checked and in order already
    else:
        # A SciPy sparse matrix or array: whoever passes one has SciPy loaded already.
        from scipy import sparse

        matrix = sparse.csr_array(ballots, dtype=np.int64)
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        rows = BallotRows(matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64),
                          matrix.data, (int(matrix.shape[0]), int(matrix.shape[1])))
    if rows.shape[1] != n_projects:
        raise ValueError("the ballot matrix needs one column per project")
    if rows.nnz and rows.data.min() < 0:
        raise ValueError("ballots cannot give negative points")
    return rows


class Election:
    """Projects, a budget and the ballots of one envelope.

    `rows` holds the ballots as CSR parts, one row per ballot and one column per project (in
    the order of `projects`); an entry is 1 for an approval, the points given, or the points a
    ranking position is worth. Counting then works on whole columns instead of looping over
    ballots. `ballots` is the same matrix as SciPy's csr_array.
    """

    def __init__(
        self,
        projects: Sequence[Project],
        budget: int,
        ballots: BallotRows | sparse.csr_array | sparse.csr_matrix,
        ballot_type: BallotType,
        *,
        scoring: str | None = None,
    ) -> None:
        if ballot_type not in BALLOT_TYPES:
            raise ValueError(f"ballot_type must be one of {', '.join(BALLOT_TYPES)}")
        if isinstance(budget, bool) or not isinstance(budget, int | np.integer) or budget < 0:
            raise ValueError("budget must be a whole number, not negative")
        self.projects: tuple[Project, ...] = tuple(projects)
        ids = [p.project_id for p in self.projects]
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"project ids must be unique: {', '.join(dupes)}")
        self.rows: BallotRows = _rows_of(ballots, len(self.projects))
        self.budget: int = int(budget)
        self.ballot_type: str = ballot_type
        self.scoring: str | None = scoring if ballot_type == "ranking" else None

    # -- builders ---------------------------------------------------------------------------

    @classmethod
    def from_approval(
        cls,
        projects: Sequence[Project],
        budget: int,
        ballots: Iterable[Iterable[str]],
        *,
        ballot_type: Literal["approval", "knapsack"] = "approval",
    ) -> Election:
        """Each ballot is the set of project ids it approves (a repeated id counts once)."""
        if ballot_type not in ("approval", "knapsack"):
            raise ValueError("approval ballots are of type approval or knapsack")
        index = _index(projects)
        rows: list[int] = []
        cols: list[int] = []
        n = 0
        for n, ballot in enumerate(ballots, start=1):
            chosen = {_column(index, pid, n) for pid in ballot}
            rows.extend([n - 1] * len(chosen))
            cols.extend(chosen)
        data = np.ones(len(rows), dtype=np.int64)
        return cls(projects, budget, BallotRows.of_entries(rows, cols, data, (n, len(index))),
                   ballot_type)

    @classmethod
    def from_points(
        cls,
        projects: Sequence[Project],
        budget: int,
        ballots: Iterable[Mapping[str, int]],
    ) -> Election:
        """Each ballot maps project ids to the whole, non-negative points given to them."""
        index = _index(projects)
        rows: list[int] = []
        cols: list[int] = []
        data: list[int] = []
        n = 0
        for n, ballot in enumerate(ballots, start=1):
            for pid, points in ballot.items():
                if isinstance(points, bool) or not isinstance(points, int | np.integer):
                    raise ValueError(f"ballot {n}: points for {pid} must be a whole number")
                if points < 0:
                    raise ValueError(f"ballot {n}: points for {pid} must not be negative")
                col = _column(index, pid, n)
                if points:
                    rows.append(n - 1)
                    cols.append(col)
                    data.append(int(points))
        matrix = BallotRows.of_entries(rows, cols, data, (n, len(index)))
        return cls(projects, budget, matrix, "points")

    @classmethod
    def from_ranking(
        cls,
        projects: Sequence[Project],
        budget: int,
        ballots: Iterable[Sequence[str]],
        scoring: Scoring | None = None,
    ) -> Election:
        """Each ballot lists project ids best first; positions become points (Borda by default)."""
        score = scoring or borda
        index = _index(projects)
        rows: list[int] = []
        cols: list[int] = []
        data: list[int] = []
        n = 0
        for n, ballot in enumerate(ballots, start=1):
            ranked = list(ballot)
            if len(set(ranked)) != len(ranked):
                raise ValueError(f"ballot {n}: a project is ranked twice")
            for position, pid in enumerate(ranked):
                points = score(position, len(ranked))
                if isinstance(points, bool) or not isinstance(points, int | np.integer):
                    raise ValueError("the ranking scoring must give whole points")
                if points < 0:
                    raise ValueError("the ranking scoring must not give negative points")
                col = _column(index, pid, n)
                if points:
                    rows.append(n - 1)
                    cols.append(col)
                    data.append(int(points))
        matrix = BallotRows.of_entries(rows, cols, data, (n, len(index)))
        name = "borda" if scoring is None else getattr(scoring, "__name__", "custom")
        return cls(projects, budget, matrix, "ranking", scoring=name)

    # -- derived arrays ---------------------------------------------------------------------

    @cached_property
    def ballots(self) -> sparse.csr_array:
        """The ballots as SciPy's csr_array (SciPy is imported on first use)."""
        from scipy import sparse

        r = self.rows
        return sparse.csr_array((r.data, r.indices, r.indptr), shape=r.shape)

    @property
    def voters(self) -> int:
        return int(self.rows.shape[0])

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.project_id for p in self.projects)

    @cached_property
    def index(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids)}

    @cached_property
    def costs(self) -> np.ndarray:
        return np.array([p.cost for p in self.projects], dtype=np.int64)

    @cached_property
    def support(self) -> np.ndarray:
        """Votes (approval, knapsack), total points (points) or Borda points (ranking)."""
        if self.ballot_type in ("approval", "knapsack"):
            return self.supporters
        out = np.zeros(len(self.projects), dtype=np.int64)
        np.add.at(out, self.rows.indices, self.rows.data)
        return out

    @cached_property
    def supporters(self) -> np.ndarray:
        """How many ballots gave the project anything."""
        return np.bincount(self.rows.indices, minlength=len(self.projects)).astype(np.int64)

    @property
    def points_based(self) -> bool:
        return self.ballot_type in ("points", "ranking")

    @cached_property
    def id_rank(self) -> np.ndarray:
        """Position of each project_id in plain string order (the last tie-break)."""
        rank = np.empty(len(self.projects), dtype=np.int64)
        rank[sorted(range(len(self.ids)), key=self.ids.__getitem__)] = np.arange(len(self.ids))
        return rank

    @cached_property
    def tie_rank(self) -> np.ndarray:
        """Position of each project in the tie order: lower cost, more supporters, project_id."""
        order = np.lexsort((self.id_rank, -self.supporters, self.costs))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return rank

    @cached_property
    def support_order(self) -> np.ndarray:
        """Project indices by support, highest first, ties by the tie order."""
        return np.lexsort((self.tie_rank, -self.support))

    @cached_property
    def support_rank(self) -> np.ndarray:
        """1-based place of each project by support (ties placed by the tie order)."""
        rank = np.empty(len(self.projects), dtype=np.int64)
        rank[self.support_order] = np.arange(1, len(self.projects) + 1)
        return rank

    def ballot_rows(self) -> list[dict[str, int]]:
        """The ballots back as {project_id: value} dictionaries (for export and tests)."""
        m = self.rows
        out = []
        for i in range(m.shape[0]):
            start, end = m.indptr[i], m.indptr[i + 1]
            out.append(
                {
                    self.ids[c]: int(v)
                    for c, v in zip(m.indices[start:end], m.data[start:end], strict=True)
                }
            )
        return out

    def __repr__(self) -> str:
        return (
            f"Election({len(self.projects)} projects, budget {self.budget}, "
            f"{self.voters} {self.ballot_type} ballots)"
        )


def _index(projects: Sequence[Project]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, p in enumerate(projects):
        if p.project_id in index:
            raise ValueError(f"project ids must be unique: {p.project_id}")
        index[p.project_id] = i
    return index


def _column(index: Mapping[str, int], pid: str, ballot_no: int) -> int:
    try:
        return index[pid]
    except KeyError:
        raise ValueError(f"ballot {ballot_no}: unknown project {pid!r}") from None
