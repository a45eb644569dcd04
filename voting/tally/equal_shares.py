"""The Method of Equal Shares (Peters & Skowron; equalshares.net), fast and exact.

Every voter starts with the same share of money. In each round the project that asks the
least of its supporters is bought: its supporters pay for it equally (with points ballots, in
proportion to their points); those who cannot pay their part give all they have, and the price
per unit of utility ("rho") is the smallest that covers the cost. Approval and knapsack ballots
use cost utility (a supporter values a project at its cost, so rho is the payment asked of each
supporter divided by the cost); points ballots use their points. Counting stops when no
project's supporters have enough money left between them.

Speed: identical ballots are merged (their holders always have the same money left); a round
refreshes only the projects whose lower bound on rho could still win; work on ballots is NumPy
over one project's supporters.

Exactness: floats find the candidates, each with a bound on its rounding error, and decide only
when the gap is wider than the bounds; otherwise Fractions decide. The price of every purchase
is exact, kept in a ledger over one common denominator, so rounding errors in the float
budgets never build up from one round to the next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy import sparse

from voting.tally.election import Election
from voting.tally.stability import Stability

EPS = 2.0**-52
# Voters further than this (relative) above a float rho count as surely rich when bounding how
# fast the water-level equation rises (see _float_level).
_CLEAR = 1e-6


@dataclass(frozen=True, slots=True)
class MesRound:
    """One purchase: the project, its exact price, and what its supporters gave.

    `rho` is what each unit of ballot weight was asked to pay: per supporter with approval
    ballots, per point with points ballots (supporters who had less gave all they had).
    """

    project: int
    rho: Fraction
    had: float  # what its supporters had between them before paying
    max_payment: float  # the most any one supporter paid
    tied_with: tuple[int, ...] = ()  # projects exactly as cheap, passed over by the tie order


@dataclass(slots=True)
class MesResult:
    share: Fraction
    selected: list[int]
    rounds: list[MesRound]
    left: np.ndarray  # supporters' money left between them at the end, per project (float)
    spent: int = 0
    complete: bool = True  # False when stopped early for going over `stop_above`
    # With certify=True: every share in [share, share + stable_for] buys the same projects in
    # the same order (0 when nothing could be proved).
    stable_for: float = 0.0

    @property
    def round_of(self) -> dict[int, int]:
        return {r.project: i for i, r in enumerate(self.rounds, start=1)}


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


class _Ledger:
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


@dataclass(slots=True)
class _Level:
    """A project's water level in the current round."""

    rho: float
    err: float  # bound on |rho - exact rho| (inf when no useful bound)
    total: float  # its supporters' money between them
    bb: np.ndarray  # each supporter's money (float), as when the level was computed
    ratio: np.ndarray  # money per unit of weight
    exact: tuple[Fraction, np.ndarray] | None = None  # exact rho, poor mask over supporters
    slope: float = 0.0  # d rho / d share for the same split into poor and rich (certify only)


class _State:
    def __init__(self, data: MesData, share: Fraction) -> None:
        self.data = data
        self.share = share
        self.s_f = float(share)
        self.b = np.full(data.U, self.s_f)  # money left per merged voter
        self.zero = np.zeros(data.U, dtype=bool)  # voters who gave all they had: exactly 0
        self.err_b = 2 * EPS * self.s_f  # bound on the float error of any entry of b
        self.ledger = _Ledger(data.paid_buffer(), share)
        self.d: np.ndarray | None = None  # d money / d share per merged voter (certify only)

    def sum_err(self, p: int) -> float:
        sup = self.data.supporters[p]
        n = sup.n_ballots
        return n * self.err_b + (sup.voters.size + 2) * EPS * n * self.s_f


@dataclass(slots=True)
class _Board:
    """Where each project stands in one run, as NumPy arrays indexed by project.

    A project's key is its rho per unit of utility, known to within kerr. key - kerr is a lower
    bound that only rises from round to round, since money only goes down; so a project whose
    bound is above the best price found this round cannot win it and need not be refreshed.
    """

    alive: np.ndarray  # still a candidate (bool)
    key: np.ndarray
    kerr: np.ndarray
    fresh: np.ndarray  # key and level still hold: no purchase since touched its supporters
    levels: list[_Level | None]

    @classmethod
    def start(cls, data: MesData, eligible: np.ndarray | None) -> _Board:
        alive = np.array([s.n_ballots > 0 for s in data.supporters], dtype=bool)
        if eligible is not None:
            alive &= eligible
        key = np.full(data.m, np.inf)
        kerr = np.zeros(data.m)
        # Everyone rich gives the first bound.
        for p in np.flatnonzero(alive).tolist():
            weight = data.supporters[p].total_weight
            key[p] = data.costs[p] / weight / data.kscale(p) if data.costs[p] else 0.0
            kerr[p] = 4 * EPS * key[p]
        return cls(alive, key, kerr, np.zeros(data.m, dtype=bool), [None] * data.m)


class _Run:
    """One run of MES: the voters' money, each project's standing, and the purchases so far."""

    __slots__ = ("board", "complete", "data", "priority", "rounds", "spent", "stable", "state")

    def __init__(
        self,
        data: MesData,
        share: Fraction,
        priority: np.ndarray,
        eligible: np.ndarray | None,
        certify: bool,
    ) -> None:
        self.data = data
        self.priority = priority
        self.state = _State(data, share)
        self.stable = Stability(self.state, priority) if certify else None
        self.board = _Board.start(data, eligible)
        self.rounds: list[MesRound] = []
        self.spent = 0
        self.complete = True  # False once stopped early for going over stop_above

    def play(self, stop_above: int | None) -> bool:
        """Buy projects round by round; True when no candidate is left that could be bought."""
        alive = self.board.alive
        while True:
            cand = np.flatnonzero(alive)
            if cand.size == 0:
                return True
            near = self._contenders(cand)
            if not near:
                # Every candidate was refreshed and none could be afforded.
                return not alive.any()
            pick = self._pick(near)
            if pick is None:
                continue
            self._buy(*pick)
            if stop_above is not None and self.spent > stop_above:
                self.complete = False
                return False

    def _contenders(self, cand: np.ndarray) -> list[int]:
        """Candidates that could still be this round's cheapest, each refreshed.

        Projects are refreshed in order of their lower bounds until the next bound is above
        the best upper bound found so far.
        """
        b = self.board
        key, kerr, fresh = b.key, b.kerr, b.fresh
        lower = key[cand] - kerr[cand]
        # Start from what the projects already known this round ask: fewer refreshes.
        known = cand[fresh[cand]]
        best_hi = float((key[known] + kerr[known]).min()) if known.size else math.inf
        for q in cand[np.argsort(lower, kind="stable")].tolist():
            if key[q] - kerr[q] > best_hi:
                break
            if not fresh[q]:
                fresh[q] = True
                if not self._reprice(q):
                    continue
            best_hi = min(best_hi, key[q] + kerr[q])
        return cand[b.alive[cand] & fresh[cand] & (key[cand] - kerr[cand] <= best_hi)].tolist()

    def _reprice(self, q: int) -> bool:
        """Recompute q's level and key; False when q can no longer be afforded."""
        b = self.board
        lv = b.levels[q] = _refresh(self.state, q)
        if lv is None:
            self._drop(q)
            return False
        ks = self.data.kscale(q)
        b.key[q] = lv.rho / ks if ks else 0.0
        b.kerr[q] = lv.err / ks + 4 * EPS * b.key[q] if ks else 0.0
        if self.stable is not None:
            self.stable.refreshed(q, lv, b.key[q] - b.kerr[q])
        return True

    def _drop(self, q: int) -> None:
        """q's supporters cannot afford it: money only goes down, so they never will."""
        self.board.alive[q] = False
        self.board.key[q] = math.inf
        if self.stable is not None:
            self.stable.stays_unaffordable(q)

    def _pick(self, near: list[int]) -> tuple[int, tuple[int, ...]] | None:
        """This round's winner and the projects tied with it, or None when the exact prices
        showed none of `near` affordable (then the round starts over)."""
        if len(near) == 1:
            return near[0], ()
        # Too close for floats: decide with exact prices.
        exact = self._exact_keys(near)
        if not exact:
            return None
        low = min(exact.values())
        tops = sorted((q for q in exact if exact[q] == low), key=lambda q: self.priority[q])
        return tops[0], tuple(tops[1:])

    def _exact_keys(self, near: list[int]) -> dict[int, Fraction]:
        """Exact keys of the affordable projects in `near`; the others are dropped."""
        b = self.board
        exact: dict[int, Fraction] = {}
        for q in near:
            lv = b.levels[q]
            assert lv is not None
            if lv.exact is None:
                lv.exact = _exact_level(self.state, q, lv)
                if lv.exact is None:
                    self._drop(q)
                    continue
            ks = self.data.kscale(q)
            exact[q] = lv.exact[0] / ks if ks else Fraction(0)
            b.key[q], b.kerr[q] = float(exact[q]), 0.0
            if self.stable is not None:
                self.stable.refreshed(q, lv, b.key[q])
        return exact

    def _buy(self, winner: int, tied: tuple[int, ...]) -> None:
        b = self.board
        lv = b.levels[winner]
        assert lv is not None
        if lv.exact is None:
            lv.exact = _winner_exact(self.state, winner, lv)
        b.alive[winner] = False
        if self.stable is not None:
            high = b.key[winner] + b.kerr[winner]
            self.stable.wins(winner, lv, high, np.flatnonzero(b.alive))
        self.rounds.append(_pay(self.state, winner, lv, tied))
        self.spent += self.data.costs[winner]
        b.key[winner] = math.inf
        # Only projects sharing a voter with the winner can have a new price.
        b.fresh[self.data.overlap[winner]] = False

    def result(self, finished: bool) -> MesResult:
        d, state = self.data, self.state
        d.release_buffer(state.ledger.rounds)
        left = np.asarray(d.ind_t @ (d.mult * state.b))
        # The certificate covers a whole run only: a run cut short gets none.
        stable_for = self.stable.limit if self.stable is not None and finished else 0.0
        selected = [r.project for r in self.rounds]
        return MesResult(
            state.share, selected, self.rounds, left, self.spent, self.complete, stable_for
        )


def run_mes(
    data: MesData,
    share: Fraction,
    *,
    priority: np.ndarray,
    eligible: np.ndarray | None = None,
    stop_above: int | None = None,
    certify: bool = False,
) -> MesResult:
    """One run of MES with every voter starting at `share` (a Fraction of the money unit).

    `priority` is the tie order (lower is preferred); `eligible` (bool per project) limits the
    projects considered; with `stop_above`, the run stops once it has spent more than that.
    With `certify`, the result also says how far the share can rise with the same outcome
    (see stability.Stability).
    """
    run = _Run(data, Fraction(share), priority, eligible, certify)
    finished = run.play(stop_above)
    return run.result(finished)


def _refresh(state: _State, p: int) -> _Level | None:
    """Current level of p, exact when floats cannot tell whether it is affordable."""
    lv = _float_level(state, p)
    if lv is None:
        return None
    if not math.isfinite(lv.err) or lv.total - state.sum_err(p) < state.data.costs[p]:
        ex = _exact_level(state, p, lv)
        if ex is None:
            return None
        return _Level(float(ex[0]), 0.0, lv.total, lv.bb, lv.ratio, ex)
    return lv


def _float_level(state: _State, p: int) -> _Level | None:
    """Float water level of p, or None when its supporters surely cannot afford it."""
    d = state.data
    sup = d.supporters[p]
    c = d.costs[p]
    bb = state.b[sup.voters]
    mb = bb if sup.unit else bb * sup.mult_f
    total = float(mb.sum())
    err_f = state.sum_err(p)
    if total + err_f < c:
        return None
    ratio = bb if d.approval_like else bb / sup.weights_f
    if c == 0:
        return _Level(0.0, 0.0, total, bb, ratio, (Fraction(0), np.zeros(bb.size, dtype=bool)))
    W = sup.total_weight
    mw = None if sup.unit else sup.mult_weights_f

    def weight(mask: np.ndarray) -> float:
        return float(np.count_nonzero(mask)) if mw is None else float(np.dot(mw, mask))

    rho = c / W
    poor = ratio < rho
    count = int(np.count_nonzero(poor))
    for _ in range(16):
        if not count:
            break
        rich_w = W - weight(poor)
        if rich_w <= 0:
            return _Level(math.nan, math.inf, total, bb, ratio)
        rho = (c - float(np.dot(mb, poor))) / rich_w
        poor = ratio < rho
        now = int(np.count_nonzero(poor))
        if now == count:
            break
        count = now
    else:
        rho = _sorted_level(c, ratio, mb, mw if mw is not None else np.ones_like(bb))
        if rho is None:
            return _Level(math.nan, math.inf, total, bb, ratio)
    # |F_exact(rho) - c| <= err_f for F(r) = sum min(money, r * weight); F rises at least as
    # fast as the weight of the voters who stay rich a little above rho, which bounds rho's error.
    slope = W - weight(ratio < rho * (1 + _CLEAR) + state.err_b)
    err = (err_f + EPS * c) / slope + 4 * EPS * rho if slope > 0 else math.inf
    if err > rho * _CLEAR:
        err = math.inf
    return _Level(rho, err, total, bb, ratio)


def _sorted_level(c: float, ratio: np.ndarray, mb: np.ndarray, mw: np.ndarray) -> float | None:
    order = np.argsort(ratio, kind="stable")
    r = ratio[order]
    poor_money = np.concatenate(([0.0], np.cumsum(mb[order])))
    rich_weight = np.concatenate((np.cumsum(mw[order][::-1])[::-1], [0.0]))
    with np.errstate(divide="ignore", invalid="ignore"):
        cand = (c - poor_money) / rich_weight
    lo = np.concatenate(([-np.inf], r))
    hi = np.concatenate((r, [np.inf]))
    hits = np.flatnonzero((rich_weight > 0) & (cand >= lo) & (cand <= hi))
    return float(cand[hits[0]]) if hits.size else None


def _exact_level(state: _State, p: int, lv: _Level | None) -> tuple[Fraction, np.ndarray] | None:
    """Exact rho of p and which supporters are poor, or None if it cannot be afforded.

    Voters clearly below or above the float level (by more than its error bound) are summed
    exactly in bulk; only those near the line get their own exact money.
    """
    sup = state.data.supporters[p]
    c = state.data.costs[p]
    idx = sup.voters
    if c == 0:
        return Fraction(0), np.zeros(idx.size, dtype=bool)
    w = sup.weights
    mult = sup.mult
    zero = state.zero[idx]
    ratio = state.b[idx] / sup.weights_f
    if lv is not None and math.isfinite(lv.err):
        slack = lv.err + state.err_b
        sure_poor = ~zero & (ratio + slack < lv.rho)
        sure_rich = ~zero & (ratio - slack > lv.rho)
    else:
        sure_poor = np.zeros(idx.size, dtype=bool)
        sure_rich = np.zeros(idx.size, dtype=bool)
    border = np.flatnonzero(~zero & ~sure_poor & ~sure_rich)
    ledger = state.ledger
    poor_num = ledger.money_num(idx[sure_poor], mult[sure_poor])
    rich_num = ledger.money_num(idx[sure_rich], mult[sure_rich])
    rich_w = int(sup.mult_weights[sure_rich].sum())
    # (exact money per unit of weight, position, money, multiplicity, weight), poorest first
    items = sorted(
        (
            (money / int(w[k]), int(k), money, int(mult[k]), int(w[k]))
            for k, money in zip(border.tolist(), ledger.each(idx[border]), strict=True)
        ),
        key=lambda t: (t[0], t[1]),
    )
    total = Fraction(poor_num + rich_num, ledger.den) + sum(
        (it[2] * it[3] for it in items), Fraction(0)
    )
    if total < c:
        return None
    rest_w = rich_w + sum(it[3] * it[4] for it in items)
    rho, cut = _exact_rho(c, items, Fraction(poor_num, ledger.den), rest_w)
    poor = zero | sure_poor
    poor[[it[1] for it in items[:cut]]] = True
    return rho, poor


def _exact_rho(
    c: int, items: list[tuple[Fraction, int, Fraction, int, int]], money: Fraction, rest_w: int
) -> tuple[Fraction, int]:
    """Exact rho from the voters near the water line, and how many of them fall below it.

    `items` are those voters as _exact_level sorts them, poorest first; `money` is what the
    voters surely below the line have, `rest_w` the weight of all the others.
    """
    for r in range(len(items) + 1):
        if rest_w > 0:
            cand = (c - money) / rest_w
            if (r == 0 or items[r - 1][0] <= cand) and (r == len(items) or cand <= items[r][0]):
                return cand, r
        if r < len(items):
            money += items[r][2] * items[r][3]
            rest_w -= items[r][3] * items[r][4]
    # Every supporter gives all they have, and that is exactly the cost.
    return (items[-1][0] if items else Fraction(0)), len(items)


def _winner_exact(state: _State, p: int, lv: _Level) -> tuple[Fraction, np.ndarray]:
    """Exact rho of the winner; its float split into poor and rich is kept when no voter is
    within the error bounds of the line."""
    sup = state.data.supporters[p]
    idx = sup.voters
    zero = state.zero[idx]
    ratio = lv.ratio
    near = ~zero & (np.abs(ratio - lv.rho) <= lv.err + state.err_b)
    if not math.isfinite(lv.err) or near.any():
        ex = _exact_level(state, p, lv)
        assert ex is not None, "the winner of a round is affordable"
        return ex
    poor = zero | (ratio < lv.rho)
    live_poor = poor & ~zero
    rich_w = int(sup.mult_weights[~poor].sum())
    ledger = state.ledger
    num = ledger.money_num(idx[live_poor], sup.mult[live_poor])
    return Fraction(state.data.costs[p] * ledger.den - num, ledger.den * rich_w), poor


def _pay(state: _State, p: int, lv: _Level, tied: tuple[int, ...]) -> MesRound:
    d = state.data
    assert lv.exact is not None
    rho, poor = lv.exact
    sup = d.supporters[p]
    idx = sup.voters
    rich = ~poor
    ridx = idx[rich]
    rho_f = float(rho)
    if d.approval_like:
        pay = rho_f
        max_pay = rho_f if ridx.size else 0.0
    else:
        pay = rho_f * sup.weights_f[rich]
        max_pay = float(pay.max()) if pay.size else 0.0
    pidx = idx[poor]
    if pidx.size:
        max_pay = max(max_pay, float(lv.bb[poor].max()))
    state.b[ridx] = np.maximum(lv.bb[rich] - pay, 0.0)
    if state.d is not None:
        state.d[ridx] -= lv.slope * sup.weights_f[rich]
        state.d[idx[poor]] = 0.0
    state.b[pidx] = 0.0
    state.zero[pidx] = True
    state.ledger.add(ridx, sup.weights[rich], rho)
    # Each round rounds each budget once more (a subtraction and the float of an exact rho).
    state.err_b += 3 * EPS * state.s_f
    return MesRound(p, rho, lv.total, max_payment=max_pay, tied_with=tied)
