"""How far every voter's share can rise with a run of Equal Shares giving the same outcome.

Add1 raises the share one unit at a time; a raise that provably changes nothing need not be
run. This module proves such ranges while a run goes on (see Stability).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from voting.tally.mes_price import Level, State

EPS = 2.0**-52


class Stability:
    """How far every share can rise with this run's outcome unchanged.

    While a run keeps its structure (the same winner each round, paid for by the same split
    into poor and rich supporters), each voter's money is an affine function of the share,
    so the winner's rho is affine too. Any other project's rho is convex in the share (it is
    the least root of a sum of minima of affine functions), so the line through its current
    value with the slope of its current split stays below it. The run's outcome therefore holds
    for every share up to the first point where one of these lines crosses: a rival's line
    meets the winner's, a voter crosses the winner's water line, or an unaffordable project's
    supporters' money reaches its cost. Floats compute these points with margins far wider
    than their rounding errors; a margin that cannot be met gives 0 (nothing skipped).
    """

    GAP = 1e-9  # relative margin on values
    SLOPE = 1e-7  # relative margin on slopes

    def __init__(self, state: State, priority: np.ndarray) -> None:
        self.state = state
        self.priority = priority
        d = state.data
        state.d = np.ones(d.U)
        self.limit = math.inf
        # Lower line of each project's key: value at this share and slope per unit of share.
        floor = [
            d.costs[p] / s.total_weight / d.kscale(p) if s.total_weight and d.costs[p] else 0.0
            for p, s in enumerate(d.supporters)
        ]
        self.low = np.array(floor) * (1 - 4 * EPS)
        self.low_slope = np.zeros(d.m)

    def keep(self, gap: float, slope: float, scale: float, slope_scale: float) -> None:
        """Require gap + slope * x > 0 for every x in [0, limit]."""
        gap -= self.GAP * scale
        slope -= self.SLOPE * slope_scale
        if gap <= 0 or not math.isfinite(gap) or not math.isfinite(slope):
            self.limit = 0.0
        elif slope < 0:
            self.limit = min(self.limit, gap / -slope)

    def refreshed(self, p: int, lv: Level, low: float) -> None:
        if not self.limit:
            return
        ks = self.state.data.kscale(p)
        poor = lv.exact[1] if lv.exact is not None else lv.ratio < lv.rho
        lv.slope = _rho_slope(self.state, p, poor)
        self.low[p] = low
        self.low_slope[p] = lv.slope / ks if ks else 0.0

    def stays_unaffordable(self, p: int) -> None:
        if not self.limit:
            return
        st = self.state
        sup = st.data.supporters[p]
        total = float(np.dot(sup.mult_f, st.b[sup.voters]))
        slope = float(np.dot(sup.mult_f, st.d[sup.voters]))
        c = st.data.costs[p]
        self.keep(c - total - st.sum_err(p), -slope, c, abs(slope))

    def wins(self, p: int, lv: Level, high: float, rivals: np.ndarray) -> None:
        """p wins this round: it must stay cheaper than every rival and keep its split."""
        if not self.limit:
            return
        st = self.state
        d = st.data
        ks = d.kscale(p)
        _, poor = lv.exact
        drho = _rho_slope(st, p, poor)
        if not math.isfinite(drho):
            self.limit = 0.0
            return
        lv.slope = drho
        slope_hi = drho / ks if ks else 0.0
        if rivals.size:
            gaps = self.low[rivals] - high
            slopes = self.low_slope[rivals] - slope_hi
            scale = np.maximum(np.abs(self.low[rivals]), abs(high))
            slope_scale = np.abs(self.low_slope[rivals]) + abs(slope_hi)
            gaps = gaps - self.GAP * scale
            slopes = slopes - self.SLOPE * slope_scale
            close = gaps <= 0
            if close.any():
                if not self._still_behind(p, poor, rivals[close]):
                    self.limit = 0.0
                    return
                gaps[close], slopes[close] = math.inf, 0.0
            falling = slopes < 0
            if falling.any():
                self.limit = min(self.limit, float((gaps[falling] / -slopes[falling]).min()))
        # Each supporter stays on its side of the water line rho * weight.
        rho = lv.rho if lv.exact is None else float(lv.exact[0])
        sup = d.supporters[p]
        w = sup.weights_f
        bb = st.b[sup.voters]
        dd = st.d[sup.voters]
        side = np.where(poor, -1.0, 1.0)
        gaps = side * (bb - rho * w)
        slopes = side * (dd - drho * w)
        scale = st.s_f + rho * w
        gaps = gaps - self.GAP * scale
        slopes = slopes - self.SLOPE * (np.abs(dd) + abs(drho) * w)
        # A voter who gave everything stays at zero: only the line rho * w must stay >= 0.
        if (gaps <= 0).any():
            self.limit = 0.0
            return
        falling = slopes < 0
        if falling.any():
            self.limit = min(self.limit, float((gaps[falling] / -slopes[falling]).min()))

    def _still_behind(self, p: int, poor: np.ndarray, rivals: np.ndarray) -> bool:
        """Rivals too close for floats, settled exactly: while the winner's supporters all stay
        rich its key is the constant cost / (weight x scale), and that same constant is a lower
        bound on any project's key; a tie then always goes the same way by the tie order."""
        if poor.any():
            return False
        d = self.state.data

        def floor(q: int) -> Fraction:
            weight = d.supporters[q].total_weight
            return Fraction(d.costs[q], weight * d.kscale(q)) if d.costs[q] else Fraction(0)

        mine = floor(p)
        return all(
            floor(q) > mine or (floor(q) == mine and self.priority[p] < self.priority[q])
            for q in rivals.tolist()
        )


def _rho_slope(state: State, p: int, poor: np.ndarray) -> float:
    """d rho / d share for project p paid with this split into poor and rich supporters."""
    sup = state.data.supporters[p]
    assert state.d is not None
    dd = state.d[sup.voters]
    rich_w = float(np.dot(sup.mult_weights_f, ~poor))
    if rich_w <= 0:
        return math.nan
    return -float(np.dot(sup.mult_f * dd, poor)) / rich_w
