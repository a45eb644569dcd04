"""The ballots of an election prepared once for any number of Equal Shares runs, and the exact
ledger of what each merged voter has paid.

Identical ballots are merged (their holders always have the same money left); each project
keeps its supporters as NumPy arrays over the merged voters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy import sparse

from voting.tally.election import Election


@dataclass(frozen=True, slots=True)
class Supporters:
    """The merged voters who gave one project anything, in arrays aligned entry by entry.

    voters: their rows among the merged ballots (indices into MesData.mult and into each run's
        money per voter), ascending.
    weights: what each gave the project: 1 with approval-like ballots, else its points.
    mult: how many identical ballots each of them stands for.
    mult_weights: mult * weights, the weight of all those identical ballots together.
    weights_f, mult_f, mult_weights_f: the same as float64; the float search for a water level
        reads them in every round, so they are converted once here.
    unit: every supporter is a single ballot of weight 1, so counting can replace dot products.
    total_weight: the sum of mult_weights.
    n_ballots: the sum of mult, the number of ballots that support the project.
    """

    voters: np.ndarray
    weights: np.ndarray
    weights_f: np.ndarray
    mult: np.ndarray
    mult_f: np.ndarray
    mult_weights: np.ndarray
    mult_weights_f: np.ndarray
    unit: bool
    total_weight: int
    n_ballots: int

    @classmethod
    def of(
        cls, by_project: sparse.csc_array, p: int, mult: np.ndarray, approval_like: bool
    ) -> Supporters:
        """Project p's supporters, from the merged ballots by project (indices sorted)."""
        a, b = by_project.indptr[p], by_project.indptr[p + 1]
        voters = by_project.indices[a:b].astype(np.int64)
        weights = by_project.data[a:b].astype(np.int64)
        their_mult = mult[voters]
        mult_weights = their_mult * weights
        return cls(
            voters=voters,
            weights=weights,
            weights_f=weights.astype(np.float64),
            mult=their_mult,
            mult_f=their_mult.astype(np.float64),
            mult_weights=mult_weights,
            mult_weights_f=mult_weights.astype(np.float64),
            unit=approval_like and bool((their_mult == 1).all()),
            total_weight=int(mult_weights.sum()),
            n_ballots=int(their_mult.sum()),
        )


class MesData:
    """The ballots of an election prepared once for any number of MES runs.

    Identical ballots are merged into one voter with a multiplicity (`mult`); `supporters[p]`
    holds project p's supporters among those merged voters.
    """

    def __init__(self, election: Election, *, utility: str) -> None:
        self.election = election
        self.costs = [int(c) for c in election.costs]
        self.m = len(self.costs)
        self.n_voters = election.voters
        self.cost_utility = utility == "cost"
        rows, self.mult = _merge_identical(election)
        self.U = rows.shape[0]
        by_project = rows.tocsc()
        by_project.sort_indices()
        self.approval_like = bool(by_project.nnz == 0 or by_project.data.max() == 1)
        self.supporters = [
            Supporters.of(by_project, p, self.mult, self.approval_like) for p in range(self.m)
        ]
        self.overlap, self.ind_t = _overlap(rows)
        # The ledger's voters x rounds matrix is allocated once, by the first run, and reused:
        # later runs zero only the columns the run before them wrote.
        self._paid: np.ndarray | None = None
        self._paid_used = 0

    def paid_buffer(self) -> np.ndarray:
        """A zeroed voters x rounds matrix for one run's ledger, reused from run to run."""
        if self._paid is None:
            rounds = max(1, sum(1 for s in self.supporters if s.n_ballots > 0))
            self._paid = np.zeros((self.U, rounds), dtype=np.int32, order="F")
        else:
            self._paid[:, : self._paid_used] = 0
        return self._paid

    def release_buffer(self, rounds: int) -> None:
        self._paid_used = rounds

    def kscale(self, p: int) -> int:
        """rho is compared per unit of utility: with cost utility that is per unit of cost."""
        return self.costs[p] if self.cost_utility else 1


def _merge_identical(election: Election) -> tuple[sparse.csr_array, np.ndarray]:
    """Merge identical ballots into one row with a multiplicity.

    Holders of identical ballots start with the same money and always pay the same, so MES
    can treat them as one voter counted several times.
    """
    m = election.ballots
    n = m.shape[0]
    lengths = np.diff(m.indptr)
    width = int(lengths.max()) if n else 0
    if n == 0 or width == 0 or n * width > 40_000_000:
        return sparse.csr_array(m), np.ones(n, dtype=np.int64)
    top = int(m.data.max()) + 1
    keys = np.full((n, width), -1, dtype=np.int64)
    row_of = np.repeat(np.arange(n), lengths)
    pos = np.arange(m.nnz) - m.indptr[row_of]
    keys[row_of, pos] = m.indices.astype(np.int64) * top + m.data
    _, first, counts = np.unique(keys, axis=0, return_index=True, return_counts=True)
    rows = sparse.csr_array(m[first])
    rows.sort_indices()
    return rows, counts.astype(np.int64)


def _overlap(rows: sparse.csr_array) -> tuple[list[np.ndarray], sparse.csr_array]:
    """For each project, the projects sharing a voter with it; and the projects x voters
    matrix of who supports what."""
    ind = sparse.csr_array((np.ones(rows.nnz), rows.indices, rows.indptr), shape=rows.shape)
    co = (ind.T @ ind).tocsr()
    # Only these projects' rho can change when the project is bought.
    overlap = [co.indices[co.indptr[p] : co.indptr[p + 1]] for p in range(rows.shape[1])]
    return overlap, ind.T.tocsr()


class Ledger:
    """Exactly what each merged voter has paid: a paid-weights matrix (voter x round: the
    weight with which the voter paid rho in full that round, else 0) and the exact prices
    as integers over one common denominator, so sums need no Fraction arithmetic."""

    def __init__(self, pw: np.ndarray, share: Fraction) -> None:
        self.pw = pw  # zeroed, column-major: one round's column is written in one go
        self.rounds = 0
        self.den = share.denominator
        self.share_num = share.numerator
        self.rho_num: list[int] = []

    def add(self, idx: np.ndarray, w: np.ndarray, rho: Fraction) -> None:
        self.pw[idx, self.rounds] = w
        self.rounds += 1
        den = rho.denominator
        if self.den % den:
            grow = den // math.gcd(self.den, den)
            self.den *= grow
            self.share_num *= grow
            self.rho_num = [x * grow for x in self.rho_num]
        self.rho_num.append(rho.numerator * (self.den // den))

    def money_num(self, idx: np.ndarray, mult: np.ndarray) -> int:
        """Numerator (over self.den) of the money left between voters idx (none at zero)."""
        if idx.size == 0:
            return 0
        total = self.share_num * int(mult.sum())
        if self.rounds:
            paid = self.pw[idx, : self.rounds].T @ mult
            total -= sum(r * int(x) for r, x in zip(self.rho_num, paid.tolist(), strict=True) if x)
        return total

    def each(self, idx: np.ndarray) -> list[Fraction]:
        """Exact money left of each voter in idx (none at zero)."""
        if idx.size == 0:
            return []
        rows = self.pw[idx, : self.rounds]
        cache: dict[bytes, Fraction] = {}
        out = []
        for row in rows:
            key = row.tobytes()
            value = cache.get(key)
            if value is None:
                paid = sum(r * int(x) for r, x in zip(self.rho_num, row.tolist(), strict=True) if x)
                value = cache[key] = Fraction(self.share_num - paid, self.den)
            out.append(value)
        return out
