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
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from voting.tally.mes_data import MesData, Supporters
from voting.tally.mes_price import (
    EPS,
    Level,
    State,
    exact_level,
    refresh,
    winner_exact,
)

__all__ = ["MesData", "MesResult", "MesRound", "Supporters", "run_mes"]



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
    # Each round's winner and an upper bound on its key, for a run at a higher share to be
    # checked against (see run_mes's `below`).
    trail: list[tuple[int, float, Fraction]] = field(default_factory=list)
    # With `below`: proved that every share between below.share and this one buys the same
    # projects in the same order.
    bracketed: bool = False

    @property
    def round_of(self) -> dict[int, int]:
        return {r.project: i for i, r in enumerate(self.rounds, start=1)}
















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
    levels: list[Level | None]

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

    __slots__ = ("below", "board", "complete", "data", "priority", "rounds", "spent", "state",
                 "trail")

    def __init__(
        self,
        data: MesData,
        share: Fraction,
        priority: np.ndarray,
        eligible: np.ndarray | None,
        below: MesResult | None,
    ) -> None:
        self.data = data
        self.priority = priority
        self.state = State(data, share)
        # The run below, while this one still follows it round by round and every round's
        # decision is proved for every share between the two (see _bracket).
        self.below = below if below is not None and below.complete else None
        self.trail: list[tuple[int, float, Fraction]] = []
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
        lv = b.levels[q] = refresh(self.state, q)
        if lv is None:
            self._drop(q)
            return False
        ks = self.data.kscale(q)
        b.key[q] = lv.rho / ks if ks else 0.0
        b.kerr[q] = lv.err / ks + 4 * EPS * b.key[q] if ks else 0.0
        return True

    def _drop(self, q: int) -> None:
        """q's supporters cannot afford it: money only goes down, so they never will."""
        self.board.alive[q] = False
        self.board.key[q] = math.inf

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
                lv.exact = exact_level(self.state, q, lv)
                if lv.exact is None:
                    self._drop(q)
                    continue
            ks = self.data.kscale(q)
            exact[q] = lv.exact[0] / ks if ks else Fraction(0)
            b.key[q], b.kerr[q] = float(exact[q]), 0.0
        return exact

    def _buy(self, winner: int, tied: tuple[int, ...]) -> None:
        b = self.board
        lv = b.levels[winner]
        assert lv is not None
        if lv.exact is None:
            lv.exact = winner_exact(self.state, winner, lv)
        if self.below is not None:
            self._bracket(winner)
        ks = self.data.kscale(winner)
        key = lv.exact[0] / ks if ks else Fraction(0)
        self.trail.append((winner, float(key) * (1 + 4 * EPS), key))
        b.alive[winner] = False
        self.rounds.append(_pay(self.state, winner, lv, tied))
        self.spent += self.data.costs[winner]
        b.key[winner] = math.inf
        # Only projects sharing a voter with the winner can have a new price.
        b.fresh[self.data.overlap[winner]] = False

    def _bracket(self, winner: int) -> None:
        """Prove this round's decision for every share between the run below and this one.

        With the same purchases so far, a voter has at least as much money at a higher share
        (a lower price leaves the rich more, and the poor give all either way), and a
        project's price only falls as money rises. So if the winner's key in the run below
        (its highest) is under every other project's key here (their lowest), the winner wins
        this round at every share between, with money still ordered the same way after it.
        A rival exactly as dear as the winner below loses at every share between if the tie
        order puts the winner first. Rivals whose bound here is too low to tell are priced; one
        still too close, or another winner, and the run below is let go.
        """
        below = self.below
        assert below is not None
        t = len(self.rounds)
        if t >= len(below.trail) or below.trail[t][0] != winner:
            self.below = None
            return
        _, highest, exact_highest = below.trail[t]
        b = self.board
        rivals = b.alive.copy()
        rivals[winner] = False
        for q in np.flatnonzero(rivals & ((b.key - b.kerr) * (1 - 4 * EPS) <= highest)).tolist():
            if not b.fresh[q]:
                b.fresh[q] = True
                if not self._reprice(q):
                    continue  # unaffordable here, so at every lower share too
            if (b.key[q] - b.kerr[q]) * (1 - 4 * EPS) > highest:
                continue
            # Surely cheaper, or too close for floats: then exact keys decide.
            if ((b.key[q] + b.kerr[q]) * (1 + 4 * EPS) < highest * (1 - 8 * EPS)
                    or not self._behind(q, winner, exact_highest)):
                self.below = None
                return

    def _behind(self, q: int, winner: int, highest: Fraction) -> bool:
        """q's exact key here is above `highest`, or equal to it with the winner first in the
        tie order."""
        lv = self.board.levels[q]
        assert lv is not None
        if lv.exact is None:
            lv.exact = exact_level(self.state, q, lv)
            if lv.exact is None:
                self._drop(q)
                return True
        ks = self.data.kscale(q)
        key = lv.exact[0] / ks if ks else Fraction(0)
        return key > highest or (key == highest and self.priority[winner] < self.priority[q])

    def result(self, finished: bool) -> MesResult:
        d, state = self.data, self.state
        d.release_buffer(state.ledger.rounds)
        left = np.asarray(d.ind_t @ (d.mult * state.b))
        selected = [r.project for r in self.rounds]
        # Once no project is affordable here, none is at a lower share either.
        bracketed = (self.below is not None and finished
                     and len(self.rounds) == len(self.below.trail))
        return MesResult(state.share, selected, self.rounds, left, self.spent, self.complete,
                         self.trail, bracketed)


def run_mes(
    data: MesData,
    share: Fraction,
    *,
    priority: np.ndarray,
    eligible: np.ndarray | None = None,
    stop_above: int | None = None,
    below: MesResult | None = None,
) -> MesResult:
    """One run of MES with every voter starting at `share` (a Fraction of the money unit).

    `priority` is the tie order (lower is preferred); `eligible` (bool per project) limits the
    projects considered; with `stop_above`, the run stops once it has spent more than that.
    With `below`, a complete run at a lower share with the same priority and eligible projects,
    the result says whether every share between the two is proved to buy the same projects in
    the same order (`bracketed`; see _Run._bracket).
    """
    run = _Run(data, Fraction(share), priority, eligible, below)
    finished = run.play(stop_above)
    return run.result(finished)














def _pay(state: State, p: int, lv: Level, tied: tuple[int, ...]) -> MesRound:
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
    state.b[pidx] = 0.0
    state.zero[pidx] = True
    state.ledger.add(ridx, sup.weights[rich], rho)
    # Each round rounds each budget once more (a subtraction and the float of an exact rho).
    state.err_b += 3 * EPS * state.s_f
    return MesRound(p, rho, lv.total, max_payment=max_pay, tied_with=tied)
