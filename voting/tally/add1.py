"""Add1: raise every voter's share one currency unit at a time while the outcome still fits.

As the cities that used it define it (Wieliczka, Świecie, Assen): start at budget ÷ voters,
raise every share by one unit at a time while the outcome of Equal Shares still fits the
budget, and keep the last outcome that fitted. Unlike pabutools 1.2.3's
`voter_budget_increment`, it does not stop at the first exhaustive outcome, which would not
reproduce Wieliczka 2023's published result.

The outcome is not monotone in the share, so the search never jumps blindly: a run proves
how far the share can rise with its outcome unchanged (stability.Stability), only those
raises are skipped, and the share finally kept is run once more so that every number in the
reasons is that share's own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from voting.tally.equal_shares import MesData, MesResult, run_mes


@dataclass(slots=True)
class Add1Result:
    result: MesResult
    raises: int  # how many units each share was raised by in the kept outcome
    tried: int  # runs of Equal Shares made (raises proved to change nothing are not run)


def add1(
    data: MesData, budget: int, *, increment: int, priority: np.ndarray
) -> Add1Result:
    start = Fraction(budget, data.n_voters)
    supported = [p for p, s in enumerate(data.supporters) if s.n_ballots > 0]
    everything = sum(data.costs[p] for p in supported)
    if everything <= budget:
        # Every outcome fits, so the raising never stops; once a single share can pay for all
        # supported projects, every one of them is bought, and that is where it settles.
        k = max(0, -(-(everything - start) // increment))
        share = start + k * increment
        return Add1Result(run_mes(data, share, priority=priority), int(k), 1)
    ceiling = -(-(everything - start) // increment) + 1  # by then everything is bought
    kept = run_mes(data, start, priority=priority, certify=True)
    kept_k, runs = 0, 1
    # Proving costs time: where outcomes change at almost every raise (large elections),
    # certify only every few runs; each certificate that skips something resets that.
    wait, pause = 0, 0
    while True:
        # Raises proved to give the same outcome as the kept run: j * increment < stable_for.
        skip = kept.stable_for
        if skip <= 0:
            j = 0
        elif math.isinf(skip):
            j = ceiling
        else:
            j = min(math.ceil(skip / increment) - 1, ceiling)
        if kept.stable_for or wait == 0:
            pause = 0 if j > 0 else min(max(1, 2 * pause), 8)
            wait = pause
        else:
            wait -= 1
        last_fit = kept_k + max(j, 0)
        trial = run_mes(
            data, start + (last_fit + 1) * increment, priority=priority,
            stop_above=budget, certify=wait == 0,
        )
        runs += 1
        if trial.spent > budget:
            if last_fit != kept_k:
                kept = run_mes(data, start + last_fit * increment, priority=priority)
                runs += 1
            return Add1Result(kept, int(last_fit), runs)
        kept, kept_k = trial, last_fit + 1
