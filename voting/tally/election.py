"""An election: projects with costs, a budget, and ballots as a sparse voters x projects matrix."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
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


class Election:
    """Projects, a budget and the ballots of one envelope.

    `ballots` is a CSR matrix, one row per ballot and one column per project (in the order of
    `projects`); an entry is 1 for an approval, the points given, or the points a ranking
    position is worth. Counting then works on whole columns instead of looping over ballots.
    """

    def __init__(
        self,
        projects: Sequence[Project],
        budget: int,
        ballots: sparse.csr_array | sparse.csr_matrix,
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
        matrix = sparse.csr_array(ballots, dtype=np.int64)
        if matrix.shape[1] != len(self.projects):
            raise ValueError("the ballot matrix needs one column per project")
        matrix.eliminate_zeros()
        matrix.sort_indices()
        if matrix.nnz and matrix.data.min() < 0:
            raise ValueError("ballots cannot give negative points")
        self.budget: int = int(budget)
        self.ballots: sparse.csr_array = matrix
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
        matrix = sparse.csr_array((data, (rows, cols)), shape=(n, len(index)))
        return cls(projects, budget, matrix, ballot_type)

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
        matrix = sparse.csr_array(
            (np.asarray(data, dtype=np.int64), (rows, cols)), shape=(n, len(index))
        )
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
        matrix = sparse.csr_array(
            (np.asarray(data, dtype=np.int64), (rows, cols)), shape=(n, len(index))
        )
        name = "borda" if scoring is None else getattr(scoring, "__name__", "custom")
        return cls(projects, budget, matrix, "ranking", scoring=name)

    # -- derived arrays ---------------------------------------------------------------------

    @property
    def voters(self) -> int:
        return int(self.ballots.shape[0])

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
        return np.asarray(self.ballots.sum(axis=0), dtype=np.int64).reshape(-1)

    @cached_property
    def supporters(self) -> np.ndarray:
        """How many ballots gave the project anything."""
        return np.bincount(self.ballots.indices, minlength=len(self.projects)).astype(np.int64)

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
        m = self.ballots
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
