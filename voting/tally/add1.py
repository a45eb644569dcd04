"""Add1: raise every voter's share one currency unit at a time while the outcome still fits.

As the cities that used it define it (Wieliczka, Świecie, Assen): start at budget ÷ voters,
raise every share by one unit at a time while the outcome of Equal Shares still fits the
budget, and keep the last outcome that fitted. Unlike pabutools 1.2.3's
`voter_budget_increment`, it does not stop at the first exhaustive outcome, which would not
reproduce Wieliczka 2023's published result.

The outcome is not monotone in the share, so the search never jumps blindly. Where outcomes
stay the same for many raises (a small currency unit: Budapest counts in forints), it runs
Equal Shares a jump ahead, and the two runs prove together that every share between them buys
the same projects in the same order (equal_shares._Run._bracket); only then are the raises
between skipped. The jump doubles while proofs hold and halves when one fails, so the number
of runs follows the number of distinct outcomes rather than the number of raises. Every
outcome kept is a run at its own share, so every number in the reasons is that share's own.
"""

from __future__ import annotations

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
    # By this raise one share pays for everything, which does not fit: the raising stops.
    ceiling = int(-(-(everything - start) // increment)) + 1
    runs: dict[int, MesResult] = {}  # raise -> its run, while it may still be needed

    def run(k: int, below: MesResult | None = None) -> MesResult:
        found = runs.get(k)
        if found is None:
            found = runs[k] = run_mes(data, start + k * increment, priority=priority,
                                      stop_above=budget, below=below)
        return found

    kept_k = 0
    kept = run(0)
    tried = 1
    jump = 1
    while True:
        jump = max(1, min(jump, ceiling - kept_k))
        known = kept_k + jump in runs
        trial = run(kept_k + jump, below=kept if jump > 1 else None)
        tried += not known
        if jump == 1:
            if trial.spent > budget:
                return Add1Result(kept, kept_k, tried)
            # A raise that changed nothing hints that the next ones will not either.
            jump = 2 if trial.selected == kept.selected else 1
            kept, kept_k = trial, kept_k + 1
        elif trial.bracketed and trial.spent <= budget:
            # Every raise between is proved to buy what both ends buy, which fits.
            kept, kept_k = trial, kept_k + jump
            jump *= 2
        else:
            # Something may change between: look half as far (a run already made at a raise
            # is used again when the search reaches it).
            jump //= 2
        for k in [k for k in runs if k < kept_k]:
            del runs[k]
