"""count(): run one rule on an election and explain the outcome project by project."""

from __future__ import annotations

import weakref
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from voting.tally.election import Election
from voting.tally.explain import Money, Verdict, percent, plain_money, render, whole
from voting.tally.greedy import GreedyRun, eligible_by_threshold, run_greedy
from voting.tally.outcome import Outcome, ProjectOutcome

if TYPE_CHECKING:
    from voting.tally.equal_shares import MesData, MesResult

RULES: tuple[str, ...] = ("greedy", "greedy-no-skip", "max-welfare", "equal-shares")
COMPLETIONS: tuple[str, ...] = ("add1u", "add1", "none", "utilitarian")
UTILITIES: tuple[str, ...] = ("count", "cost")
TIE_ORDER = "lower cost, then more supporters, then project_id in string order"
# Ties in an equal-shares round are re-run the other way round to see whether they mattered;
# past this many, a tie is reported as deciding without checking.
_TIE_RERUNS = 12


def count(
    election: Election,
    *,
    rule: str = "greedy",
    utility: str = "count",
    completion: str = "add1u",
    threshold: Fraction | int | str | None = None,
    increment: int = 1,
    money: Money | None = None,
) -> Outcome:
    """Count `election` under `rule`; every project gets a reason with the numbers.

    utility: max-welfare only, "count" (total support) or "cost" (support x cost).
    completion: equal-shares only: "add1u" (default), "add1", "none" or "utilitarian".
    threshold: greedy rules only, the least share of ballots a project needs to be eligible.
    increment: the Add1 step, one currency unit in the election's money unit (100 for pence).
    money: formats amounts in reasons (default: thousands separators, no symbol).
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}")
    if utility not in UTILITIES:
        raise ValueError(f"utility must be one of {', '.join(UTILITIES)}")
    if completion not in COMPLETIONS:
        raise ValueError(f"completion must be one of {', '.join(COMPLETIONS)}")
    if isinstance(increment, bool) or not isinstance(increment, int) or increment < 1:
        raise ValueError("increment must be a whole number of at least 1")
    share: Fraction | None = None
    if threshold is not None:
        if rule not in ("greedy", "greedy-no-skip"):
            raise ValueError("a threshold applies to the greedy rules only")
        share = Fraction(threshold)
        if not 0 <= share <= 1:
            raise ValueError("threshold must be a share of ballots between 0 and 1")
    fmt = money or plain_money
    options: dict[str, Any] = {
        "rule": rule,
        "ballot_type": election.ballot_type,
        "tie_order": TIE_ORDER,
    }
    if election.scoring:
        options["scoring"] = election.scoring
    if rule in ("greedy", "greedy-no-skip"):
        options["threshold"] = share
        verdicts, order, notes = _greedy(election, skip=rule == "greedy", threshold=share)
    elif rule == "max-welfare":
        options["utility"] = utility
        verdicts, order, notes = _welfare(election, utility=utility, options=options)
    else:
        options["completion"] = completion
        options["utility"] = "points" if election.points_based else "cost"
        options["increment"] = increment
        verdicts, order, notes = _equal_shares(
            election, completion=completion, increment=increment, options=options
        )
    return _outcome(election, rule, options, verdicts, order, notes, fmt)


# -- greedy ---------------------------------------------------------------------------------


def _measure(election: Election) -> str:
    return "points" if election.points_based else "votes"


def _greedy(
    election: Election, *, skip: bool, threshold: Fraction | None
) -> tuple[dict[int, Verdict], list[int], list[str]]:
    eligible = eligible_by_threshold(election, threshold)
    run = run_greedy(election, skip=skip, candidates=np.flatnonzero(eligible).tolist())
    verdicts = _greedy_verdicts(election, run)
    for p in range(len(election.projects)):
        if p in verdicts or election.support[p] == 0:
            continue
        assert threshold is not None
        verdicts[p] = Verdict(
            "below_threshold",
            {
                "supporters": int(election.supporters[p]),
                "voters": election.voters,
                "share_of_votes": percent(
                    Fraction(int(election.supporters[p]), max(election.voters, 1))
                ),
                "threshold": percent(threshold),
            },
        )
    notes = _greedy_tie_notes(election, run, verdicts)
    return verdicts, run.selected, notes


def _greedy_verdicts(
    election: Election, run: GreedyRun, *, completion: dict[int, float] | None = None
) -> dict[int, Verdict]:
    """Verdicts of a greedy walk; `completion` holds, for a fill after equal shares, what the
    supporters of each project had left under equal shares."""
    measure = _measure(election)
    verdicts: dict[int, Verdict] = {}
    for step in run.steps:
        p = step.project
        params: dict[str, Any] = {
            "place": int(election.support_rank[p]),
            "measure": measure,
            "support": int(election.support[p]),
            "left": step.left,
            "budget": election.budget,
            "cost": int(election.costs[p]),
        }
        if completion is not None:
            params["had"] = whole(completion[p])
            code = "completion_funded" if step.funded else "completion_no_room"
        elif step.funded:
            code = "funded"
        elif p == run.stopper:
            code = "stopped_no_room"
        else:
            code = "skipped_no_room"
        verdicts[p] = Verdict(code, params)
    for p in run.not_reached:
        assert run.stopper is not None
        verdicts[p] = Verdict(
            "stopped",
            {
                "place": int(election.support_rank[p]),
                "measure": measure,
                "support": int(election.support[p]),
                "stopper": election.ids[run.stopper],
                "stopper_place": int(election.support_rank[run.stopper]),
            },
        )
    return verdicts


def _greedy_tie_notes(
    election: Election, run: GreedyRun, verdicts: dict[int, Verdict], *, prefix: str = ""
) -> list[str]:
    notes = []
    for group in run.tie_groups:
        for p in group:
            verdicts[p].tie = True
        ids = ", ".join(election.ids[p] for p in group)
        notes.append(
            f"{prefix}{ids} tied with {int(election.support[group[0]]):,} "
            f"{_measure(election)} each; the tie order ({TIE_ORDER}) decided which came first."
        )
    return notes


# -- max-welfare ----------------------------------------------------------------------------


def _welfare(
    election: Election, *, utility: str, options: dict[str, Any]
) -> tuple[dict[int, Verdict], list[int], list[str]]:
    # SciPy's optimizer takes longer to import than most counts take to run: only this rule
    # pays for it.
    from voting.tally.welfare import max_welfare

    result = max_welfare(election, utility=utility)
    options["optimality"] = "proved exactly" if result.proved else "by the solver (HiGHS)"
    measure = _measure(election)
    objective = measure if utility == "count" else f"{measure} weighted by cost"
    chosen = set(result.selected)
    spent = sum(int(election.costs[p]) for p in chosen)
    verdicts: dict[int, Verdict] = {}
    for p in range(len(election.projects)):
        cost = int(election.costs[p])
        if election.support[p] == 0:
            continue
        if cost > election.budget:
            verdicts[p] = Verdict("too_expensive", {"cost": cost, "budget": election.budget})
            continue
        verdicts[p] = Verdict(
            "mw_funded" if p in chosen else "mw_not_funded",
            {
                "objective": objective,
                "value": result.value,
                "spent": spent,
                "budget": election.budget,
                "support": int(election.support[p]),
                "measure": measure,
                "cost": cost,
            },
        )
    notes = []
    if result.alternative is not None:
        differ = chosen ^ set(result.alternative)
        for p in differ:
            verdicts[p].tie = True
        first = min(differ, key=lambda p: election.tie_rank[p])
        notes.append(
            f"More than one combination reaches the greatest total {objective} "
            f"({result.value:,}); the tie order ({TIE_ORDER}) chose the one "
            f"{'with' if first in chosen else 'without'} {election.ids[first]}."
        )
    return verdicts, result.selected, notes


# -- equal shares ---------------------------------------------------------------------------


def _equal_shares(
    election: Election, *, completion: str, increment: int, options: dict[str, Any]
) -> tuple[dict[int, Verdict], list[int], list[str]]:
    # Equal Shares needs SciPy's sparse matrices: imported here, so greedy counts never load it.
    from voting.tally.add1 import add1
    from voting.tally.equal_shares import run_mes

    if election.voters == 0:
        options["share"] = Fraction(0)
        return {}, [], []
    data = _prepared(election)
    priority = election.tie_rank
    start = Fraction(election.budget, election.voters)
    if completion in ("add1", "add1u"):
        found = add1(data, election.budget, increment=increment, priority=priority)
        result = found.result
        options["raises"] = found.raises
        options["runs"] = found.tried
    else:
        result = run_mes(data, start, priority=priority)
    options["share"] = result.share
    verdicts: dict[int, Verdict] = {}
    for t, r in enumerate(result.rounds, start=1):
        p = r.project
        verdicts[p] = Verdict(
            "mes_funded",
            {
                "round": t,
                "supporters": int(election.supporters[p]),
                "had": whole(r.had),
                "cost": int(election.costs[p]),
                "max_payment": whole(r.max_payment, up=True),
            },
            round=t,
        )
    order = list(result.selected)
    notes, tied = _mes_tie_notes(election, data, result)
    left = result.left
    if completion in ("add1u", "utilitarian"):
        rest = [p for p in range(len(election.projects)) if p not in verdicts]
        run = run_greedy(election, candidates=rest, spent=result.spent)
        fill = _greedy_verdicts(election, run, completion={p: float(left[p]) for p in rest})
        verdicts.update(fill)
        order += run.selected
        notes += _greedy_tie_notes(
            election, run, verdicts, prefix=f"When filling the money left by {_measure(election)}: "
        )
    for p in range(len(election.projects)):
        if p not in verdicts and election.support[p] > 0:
            verdicts[p] = Verdict(
                "mes_not_affordable",
                {
                    "supporters": int(election.supporters[p]),
                    "had": whole(left[p]),
                    "cost": int(election.costs[p]),
                },
            )
    for p in tied:
        verdicts[p].tie = True
    return verdicts, order, notes


_PREPARED: weakref.WeakKeyDictionary[Election, MesData] = weakref.WeakKeyDictionary()


def _prepared(election: Election) -> MesData:
    """Merged ballots for Equal Shares, kept while the election lives (several counts of one
    election, e.g. a results page showing more than one rule, share them)."""
    from voting.tally.equal_shares import MesData

    data = _PREPARED.get(election)
    if data is None:
        data = _PREPARED[election] = MesData(
            election, utility="points" if election.points_based else "cost"
        )
    return data


def _mes_tie_notes(
    election: Election, data: MesData, result: MesResult
) -> tuple[list[str], set[int]]:
    """A tie in a round decided something if buying the other project first changes the set
    of projects bought; that is checked by re-running with the two swapped in the tie order."""
    from voting.tally.equal_shares import run_mes

    notes = []
    tied: set[int] = set()
    reruns = 0
    chosen = set(result.selected)
    for t, r in enumerate(result.rounds, start=1):
        for other in r.tied_with:
            decided = True
            if reruns < _TIE_RERUNS:
                reruns += 1
                swapped = election.tie_rank.copy()
                swapped[r.project], swapped[other] = swapped[other], swapped[r.project]
                again = run_mes(data, result.share, priority=swapped)
                decided = set(again.selected) != chosen
            if not decided:
                continue
            tied.update((r.project, other))
            notes.append(
                f"In round {t} of equal shares, {election.ids[r.project]} and "
                f"{election.ids[other]} asked exactly as much of their supporters; the tie "
                f"order ({TIE_ORDER}) bought {election.ids[r.project]} first, and that changed "
                "what was funded."
            )
    return notes, tied


# -- assembling -----------------------------------------------------------------------------


def _outcome(
    election: Election,
    rule: str,
    options: dict[str, Any],
    verdicts: dict[int, Verdict],
    order: list[int],
    notes: list[str],
    money: Money,
) -> Outcome:
    chosen = set(order)
    projects = []
    for p, project in enumerate(election.projects):
        verdict = verdicts.get(p) or Verdict("no_support", {})
        params = dict(verdict.params)
        if "share" in options and verdict.code.startswith("mes_"):
            params.setdefault("share", whole(options["share"]))
        projects.append(
            ProjectOutcome(
                project_id=project.project_id,
                name=project.name,
                cost=project.cost,
                support=int(election.support[p]),
                supporters=int(election.supporters[p]),
                selected=p in chosen,
                rank=int(election.support_rank[p]),
                reason=render(verdict.code, params, money=money),
                reason_code=verdict.code,
                reason_params=params,
                tie_decided=verdict.tie,
                round=verdict.round,
            )
        )
    spent = sum(int(election.costs[p]) for p in order)
    return Outcome(
        rule=rule,
        options=options,
        budget=election.budget,
        spent=spent,
        selected=[election.ids[p] for p in order],
        projects=projects,
        voters=election.voters,
        ballot_type=election.ballot_type,
        tie_decided=bool(notes),
        tie_notes=notes,
    )
