"""The price of a project in a round of Equal Shares: its supporters' "water level" rho.

Floats find it, with a bound on their rounding error; where floats cannot decide, Fractions do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from voting.tally.mes_data import Ledger, MesData

EPS = 2.0**-52


# Voters further than this (relative) above a float rho count as surely rich when bounding how
# fast the water-level equation rises (see float_level).
_CLEAR = 1e-6


@dataclass(slots=True)
class Level:
    """A project's water level in the current round."""

    rho: float
    err: float  # bound on |rho - exact rho| (inf when no useful bound)
    total: float  # its supporters' money between them
    bb: np.ndarray  # each supporter's money (float), as when the level was computed
    ratio: np.ndarray  # money per unit of weight
    exact: tuple[Fraction, np.ndarray] | None = None  # exact rho, poor mask over supporters


class State:
    def __init__(self, data: MesData, share: Fraction) -> None:
        self.data = data
        self.share = share
        self.s_f = float(share)
        self.b = np.full(data.U, self.s_f)  # money left per merged voter
        self.zero = np.zeros(data.U, dtype=bool)  # voters who gave all they had: exactly 0
        self.err_b = 2 * EPS * self.s_f  # bound on the float error of any entry of b
        self.ledger = Ledger(data.paid_buffer(), share)

    def sum_err(self, p: int) -> float:
        sup = self.data.supporters[p]
        n = sup.n_ballots
        return n * self.err_b + (sup.voters.size + 2) * EPS * n * self.s_f


def refresh(state: State, p: int) -> Level | None:
    """Current level of p, exact when floats cannot tell whether it is affordable."""
    lv = float_level(state, p)
    if lv is None:
        return None
    if not math.isfinite(lv.err) or lv.total - state.sum_err(p) < state.data.costs[p]:
        ex = exact_level(state, p, lv)
        if ex is None:
            return None
        return Level(float(ex[0]), 0.0, lv.total, lv.bb, lv.ratio, ex)
    return lv


def float_level(state: State, p: int) -> Level | None:
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
        return Level(0.0, 0.0, total, bb, ratio, (Fraction(0), np.zeros(bb.size, dtype=bool)))
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
            return Level(math.nan, math.inf, total, bb, ratio)
        rho = (c - float(np.dot(mb, poor))) / rich_w
        poor = ratio < rho
        now = int(np.count_nonzero(poor))
        if now == count:
            break
        count = now
    else:
        rho = _sorted_level(c, ratio, mb, mw if mw is not None else np.ones_like(bb))
        if rho is None:
            return Level(math.nan, math.inf, total, bb, ratio)
    # |F_exact(rho) - c| <= err_f for F(r) = sum min(money, r * weight); F rises at least as
    # fast as the weight of the voters who stay rich a little above rho, which bounds rho's error.
    slope = W - weight(ratio < rho * (1 + _CLEAR) + state.err_b)
    err = (err_f + EPS * c) / slope + 4 * EPS * rho if slope > 0 else math.inf
    if err > rho * _CLEAR:
        err = math.inf
    return Level(rho, err, total, bb, ratio)


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


def exact_level(state: State, p: int, lv: Level | None) -> tuple[Fraction, np.ndarray] | None:
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

    `items` are those voters as exact_level sorts them, poorest first; `money` is what the
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


def winner_exact(state: State, p: int, lv: Level) -> tuple[Fraction, np.ndarray]:
    """Exact rho of the winner; its float split into poor and rich is kept when no voter is
    within the error bounds of the line."""
    sup = state.data.supporters[p]
    idx = sup.voters
    zero = state.zero[idx]
    ratio = lv.ratio
    near = ~zero & (np.abs(ratio - lv.rho) <= lv.err + state.err_b)
    if not math.isfinite(lv.err) or near.any():
        ex = exact_level(state, p, lv)
        assert ex is not None, "the winner of a round is affordable"
        return ex
    poor = zero | (ratio < lv.rho)
    live_poor = poor & ~zero
    rich_w = int(sup.mult_weights[~poor].sum())
    ledger = state.ledger
    num = ledger.money_num(idx[live_poor], sup.mult[live_poor])
    return Fraction(state.data.costs[p] * ledger.den - num, ledger.den * rich_w), poor
