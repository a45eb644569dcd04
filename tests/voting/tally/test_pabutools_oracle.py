"""pabutools (the COMSOC community's library) as the oracle, on the shared real elections.

For every approval, choose-1 and cumulative file in ORACLE_FILES, given the same tie order:
`greedy` and `equal-shares --completion none` select the same projects as pabutools, and
`max-welfare` reaches the objective of pabutools' ILP (feasibility and value are checked in
integers, since optimal sets can tie). pabutools' greedy funds a project nobody voted for when
it still fits at the very end; Kist never does, so such projects are left out of the comparison.

For Add1 the oracle is pabutools' plain Equal Shares run at every raised share, one unit at a
time, on the small Zurich elections (pabutools' own `voter_budget_increment` stops at the first
exhaustive outcome, which is a different rule).

Left out, because pabutools alone needs 20-75 s per file on this 2-core machine and the suite
runs twice in CI (measured with pabutools 1.2.3: greedy + equal shares + max-welfare):
- Poland_Lodz_2022 (90,494 ballots): ~75 s;
- Poland_Warszawa_2026 (61,668 ballots): ~27 s;
- Hungary_Budapest_2024 (28,943 ballots): ~27 s.
They are still counted by the property tests' rules, the reader and writer tests, and
bench/tally.py; ordinal files (Krakow, Zurich S5R, Merced) are outside pabutools' greedy and
Equal Shares with these satisfactions and are covered the same way.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache

import pytest

from voting.tally import count
from voting.tally.add1 import add1
from voting.tally.equal_shares import MesData

from .conftest import shared, shared_path

ORACLE_FILES = [
    "France_Toulouse_2024",
    "Netherlands_Amsterdam_252",
    "Netherlands_Amsterdam_605",
    "Netherlands_Assen_2024",
    "Poland_Gdansk_2020_Orunia_Gorna-Gdansk_Poludnie",
    "Poland_Gdynia_2023_Wielki_Kack__large",
    "Poland_Katowice_2020",
    "Poland_Katowice_2023_Brynow_Czesc_Wschodnia_-_Osiedle_Zgrzebnioka",
    "Poland_Lodz_2025_Wiskitno",
    "Poland_Poznan_2026_2_-_Kiekrz_Krzyzowniki-Smochowice_Podolany_Strzeszyn__large",
    "Poland_Swiecie_2023",
    "Poland_Warszawa_2017_Stara_Milosna",
    "Poland_Warszawa_2020_Praga-Poludnie",
    "Poland_Warszawa_2021_Mokotow",
    "Poland_Warszawa_2024_Targowek",
    "Poland_Wieliczka_2023_Green_Budget",
    "Poland_Wroclaw_2015_up_to_150",
    "Switzerland_Zurich_D10",
    "Switzerland_Zurich_SN",
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_approvals",
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks",
    "US_Stanford_Dataset_SF_Tenderloin_December_2022_vote_knapsacks",
    "Worldwide_Mechanical_Turk_Knapsack_8",
    "Worldwide_Mechanical_Turk_Utilities_8",
]


def _pabutools():
    try:
        import pabutools.election as election
        import pabutools.rules as rules
        from pabutools.election.satisfaction import AdditiveSatisfaction
        from pabutools.tiebreaking import TieBreakingRule
    except ImportError as exc:  # pabutools 1.2.3 imports PULP_CBC_CMD, gone in PuLP 4
        pytest.fail(f"pabutools cannot be imported (it needs PuLP < 4): {exc}", pytrace=False)
    return election, rules, AdditiveSatisfaction, TieBreakingRule


@cache
def _oracle(name: str):
    """pabutools' own reading of the file, its profile and a Kist-ordered tie rule."""
    pe, _, additive, tie_rule = _pabutools()
    instance, profile = pe.parse_pabulib(str(shared_path(name)))
    # Merging identical ballots is pabutools' own feature; it pays off where many repeat.
    multi = profile.as_multiprofile()
    if len(multi) <= 0.3 * len(profile):
        profile = multi
    election = shared(name).election
    supporters = dict(zip(election.ids, (int(s) for s in election.supporters), strict=True))
    tie = tie_rule(lambda inst, prof, p: (p.cost, -supporters.get(p.name, 0), p.name))
    return instance, profile, tie


def _points_times_cost(additive):
    class PointsTimesCost(additive):
        """Total points weighted by cost: greedy by it orders projects by total points."""

        def __init__(self, instance, profile, ballot):
            super().__init__(
                instance, profile, ballot, lambda i, pr, b, p, pre: b.get(p, 0) * p.cost
            )

    return PointsTimesCost


def _value(election, ids, utility):
    index = election.index
    total = 0
    for pid in ids:
        p = index[pid]
        s = int(election.support[p])
        total += s * int(election.costs[p]) if utility == "cost" else s
    return total


@pytest.mark.parametrize("name", ORACLE_FILES)
def test_it_selects_what_pabutools_selects_on_a_real_election(name):
    pe, rules, additive, _ = _pabutools()
    election = shared(name).election
    instance, profile, tie = _oracle(name)
    supported = {pid for pid, s in zip(election.ids, election.support, strict=True) if s > 0}
    points = election.ballot_type == "points"
    utility_sat = pe.Additive_Cardinal_Sat if points else pe.Cost_Sat
    sat = profile.as_sat_profile(utility_sat)

    order_sat = profile.as_sat_profile(_points_times_cost(additive)) if points else sat
    greedy = rules.greedy_utilitarian_welfare(
        instance, profile, sat_profile=order_sat, is_sat_additive=True, tie_breaking=tie
    )
    assert set(count(election, rule="greedy").selected) == {p.name for p in greedy} & supported

    mes = rules.method_of_equal_shares(instance, profile, sat_profile=sat, tie_breaking=tie)
    ours = count(election, rule="equal-shares", completion="none")
    assert set(ours.selected) == {p.name for p in mes}

    count_sat = sat if points else profile.as_sat_profile(pe.Cardinality_Sat)
    cost_sat = order_sat if points else sat
    for utility, sat_profile in (("count", count_sat), ("cost", cost_sat)):
        theirs = rules.max_additive_utilitarian_welfare(instance, profile, sat_profile=sat_profile)
        ours = count(election, rule="max-welfare", utility=utility)
        assert ours.spent <= election.budget
        assert sum(int(p.cost) for p in theirs) <= election.budget
        assert _value(election, ours.selected, utility) == _value(
            election, [p.name for p in theirs], utility
        ), utility


@pytest.mark.parametrize("name", ["Switzerland_Zurich_SN", "Switzerland_Zurich_D10"])
def test_add1_is_pabutools_equal_shares_raised_one_unit_at_a_time(name):
    pe, rules, _, _ = _pabutools()
    election = shared(name).election
    instance, profile, tie = _oracle(name)
    sat = profile.as_sat_profile(
        pe.Additive_Cardinal_Sat if election.ballot_type == "points" else pe.Cost_Sat
    )
    utility = "points" if election.ballot_type == "points" else "cost"
    found = add1(
        MesData(election, utility=utility), election.budget, increment=1,
        priority=election.tie_rank,
    )
    start = Fraction(election.budget, election.voters)
    voters = profile.num_ballots()
    budget = instance.budget_limit
    outcomes = []
    for k in range(found.raises + 2):
        # pabutools gives each voter budget_limit / voters: set the limit for this share.
        instance.budget_limit = (start + k) * voters
        chosen = rules.method_of_equal_shares(instance, profile, sat_profile=sat, tie_breaking=tie)
        outcomes.append({p.name for p in chosen})
    instance.budget_limit = budget
    cost = dict(zip(election.ids, (int(c) for c in election.costs), strict=True))
    spent = [sum(cost[p] for p in o) for o in outcomes]
    assert all(s <= election.budget for s in spent[:-1])
    assert spent[-1] > election.budget
    assert {election.ids[p] for p in found.result.selected} == outcomes[-2]
