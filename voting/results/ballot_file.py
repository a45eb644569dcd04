"""An envelope's ballots as a canonical, anonymised Pabulib `.pb` file.

The file is what a tally counts and what the public downloads, so the published digest
covers exactly the counted ballots. It is canonical: the same ballots always give the same
bytes. Voters are numbered 1, 2, 3… after the ballots are sorted by their choices, so the
order of the file says nothing about who voted when.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Q, QuerySet, StringAgg, Value
from django.db.models.functions import Cast, Concat

from budgeting.models import Envelope, Project
from voting.models import Ballot, BallotRules, BallotType, PaperBatch
from voting.rules import ballot_limits
from voting.tally import write_pb

# Kist's ballot types as Pabulib vote types.
VOTE_TYPES = {
    BallotType.KNAPSACK: "approval",
    BallotType.APPROVAL: "approval",
    BallotType.POINTS: "cumulative",
    BallotType.RANKING: "ordinal",
}


@dataclass(frozen=True)
class BallotFile:
    text: str
    digest: str
    unit: int  # pence per unit of money in the file: 100 (pounds) or 1 (pence)
    ballots: int
    by_channel: dict[str, int]  # the counted ballots by way of voting


def money_unit(amounts: list[Decimal]) -> int:
    """Pounds when every amount is whole pounds (the file reads like the council's own
    figures and Add1 steps by a pound); pence otherwise, so nothing is ever rounded."""
    return 100 if all(a == a.to_integral_value() for a in amounts) else 1


def counted_ballots(envelope: Envelope) -> QuerySet[Ballot]:
    """The ballots a count takes: not spoilt (nor voided), and not in a paper batch that is not
    ready to count."""
    return Ballot.objects.filter(envelope=envelope, spoilt=False).exclude(
        batch__in=PaperBatch.objects.filter(envelope=envelope).not_ready()
    )


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ballot_file(*, envelope: Envelope, rules: BallotRules) -> BallotFile:
    projects = list(Project.objects.filter(envelope=envelope).order_by("position", "id"))
    unit = money_unit([envelope.amount, *(p.cost for p in projects)])
    codes = {p.pk: p.code for p in projects}
    position = {p.pk: i for i, p in enumerate(projects)}
    ranking = rules.ballot_type == BallotType.RANKING
    points = rules.ballot_type == BallotType.POINTS

    votes, by_channel = _votes(envelope, codes=codes, position=position, ranking=ranking,
                               points=points)
    total = len(votes)
    # A ballot choosing nothing (approval with no minimum) is still a voter, with vote "".
    votes.sort()

    budget = int(envelope.amount * 100) // unit
    vote_type = VOTE_TYPES[BallotType(rules.ballot_type)]
    process = envelope.process
    meta: dict[str, object] = {
        "description": f"{process.title}: {envelope.name}",
        "instance": process.slug,
        "unit": envelope.name,
        "num_projects": len(projects),
        "num_votes": total,
        "budget": budget,
        # In hundredths of the currency when a cost has pence (or cents) in it.
        "currency": process.currency if unit == 100 else f"{process.currency}/100",
        "vote_type": vote_type,
        "rule": rules.counting_rule,
        "date_begin": f"{process.voting_start:%d.%m.%Y}",
        "date_end": f"{process.voting_end:%d.%m.%Y}",
    }
    meta.update(_limits(rules, budget=budget))
    project_rows = {
        p.code: {"cost": int(p.cost * 100) // unit, "name": p.title} for p in projects
    }
    vote_rows = [
        {"voter_id": n, "vote": vote, **({"points": given} if points else {})}
        for n, (vote, given) in enumerate(votes, start=1)
    ]
    text = write_pb((meta, project_rows, vote_rows))
    return BallotFile(text=text, digest=digest_of(text), unit=unit, ballots=total,
                      by_channel=dict(by_channel))


def _votes(envelope: Envelope, *, codes: dict[int, str], position: dict[int, int],
           ranking: bool, points: bool) -> tuple[list[tuple[str, str]], Counter[str]]:
    """Each counted ballot as its vote (project codes, comma-separated: a ranking first to last,
    other ballots in the envelope's own order) and its points, and the ballots by channel.

    One statement, so the ballots, their choices and their count come from one snapshot even
    while paper ballots are being entered elsewhere; the database joins each ballot's choices
    into one "project:value,..." string, a row per ballot rather than per choice (in no
    particular order: the order is put right here, where every database does it alike).
    """
    counted = counted_ballots(envelope).order_by()
    chosen = Q(choices__value__gt=0)
    votes: list[tuple[str, str]] = []
    by_channel: Counter[str] = Counter()
    pair = Concat(Cast("choices__project_id", CharField()), Value(":"),
                  Cast("choices__value", CharField()), output_field=CharField())
    rows = (counted.annotate(picked=StringAgg(pair, Value(","), filter=chosen, default=Value("")))
            .values_list("channel", "picked").iterator(20000))
    for channel, picked in rows:
        by_channel[channel] += 1
        pairs = [(int(project), int(value)) for project, _, value in
                 (item.partition(":") for item in picked.split(","))] if picked else []
        pairs.sort(key=(lambda c: c[1]) if ranking else (lambda c: position[c[0]]))
        votes.append((",".join(codes[project] for project, _v in pairs),
                      ",".join(str(v) for _p, v in pairs) if points else ""))
    return votes, by_channel


def _limits(rules: BallotRules, *, budget: int) -> dict[str, object]:
    """The envelope's ballot limits (`voting.rules.ballot_limits`) as Pabulib names them."""
    limits = ballot_limits(rules)
    kind = rules.ballot_type
    meta: dict[str, object] = {}
    if kind == BallotType.KNAPSACK:
        meta["max_sum_cost"] = budget
        if limits["min_spend_percent"]:
            meta["min_sum_cost"] = -(-budget * limits["min_spend_percent"] // 100)
    if kind in (BallotType.KNAPSACK, BallotType.APPROVAL):
        # A knapsack ballot with no fewest leaves it out; an approval ballot always says it.
        if limits["min_projects"] or kind == BallotType.APPROVAL:
            meta["min_length"] = limits["min_projects"]
        if limits["max_projects"] is not None:
            meta["max_length"] = limits["max_projects"]
    elif kind == BallotType.POINTS:
        meta["max_sum_points"] = limits["points_total"]
        meta["max_points"] = limits["points_max_per_project"]
    else:
        meta["max_length"] = limits["ranking_max"]
        meta["scoring_fn"] = "Borda"
    return meta
