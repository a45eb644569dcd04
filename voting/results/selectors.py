"""Reads for the results pages, all from frozen tallies: a results page never recounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from budgeting.delivery.selectors import delivery_summary
from budgeting.models import Envelope, Process, Project
from voting.models import Ballot, Channel, CountingRule, PaperBatch, SealedBallot
from voting.privacy import public_turnout
from voting.results.chart import Bar, support_chart
from voting.results.jobs import is_stale
from voting.results.models import CountJob, Tally
from voting.results.services import pounds, rerun_command

RULE_NAMES = dict(CountingRule.choices)


@dataclass(frozen=True)
class ProjectRow:
    code: str
    title: str
    project: Project | None
    cost: Decimal
    support: int
    supporters: int
    selected: bool
    rank: int
    reason: str
    tie_decided: bool


@dataclass
class RuleColumn:
    rule: str
    name: str
    official: bool
    funded: set[str]
    spent: Decimal


@dataclass
class EnvelopeResults:
    envelope: Envelope
    tally: Tally
    rule_name: str
    rows: list[ProjectRow]
    budget: Decimal
    spent: Decimal
    measure: str
    tie_notes: list[str]
    chart: str
    columns: list[RuleColumn]
    compared: list[ProjectRow]  # projects some rule funds, for the side-by-side table
    channels: list[tuple[str, int]]
    turnout: dict
    command: str
    filename: str
    funded: list[ProjectRow] = field(default_factory=list)
    currency: str = "GBP"
    delivery: dict | None = None  # progress of the funded projects, once published

    @property
    def left(self) -> Decimal:
        return self.budget - self.spent


def published_tally(*, envelope: Envelope) -> Tally | None:
    """The envelope's published count, without its ballot file."""
    return (Tally.objects.published().filter(envelope=envelope)
            .defer("ballot_file").select_related("envelope__process").first())


def tally_list(*, envelope: Envelope) -> list[Tally]:
    return list(Tally.objects.filter(envelope=envelope).defer("ballot_file")
                .select_related("counted_by", "published_by"))


def ballot_filename(tally: Tally) -> str:
    return f"{tally.envelope.process.slug}-{tally.envelope_id}-count-{tally.number}.pb"


def envelope_results(*, tally: Tally, projects: dict[str, Project] | None = None
                     ) -> EnvelopeResults:
    envelope = tally.envelope
    if projects is None:
        projects = {p.code: p for p in Project.objects.filter(envelope=envelope)
                    .select_related("envelope__process")}
    outcome = tally.outcome
    unit = tally.unit
    rows = [
        ProjectRow(
            code=p["project_id"], title=p["name"] or p["project_id"],
            project=projects.get(p["project_id"]), cost=pounds(p["cost"], unit=unit),
            support=p["support"], supporters=p["supporters"], selected=p["selected"],
            rank=p["rank"], reason=p["reason"], tie_decided=p["tie_decided"],
        )
        for p in outcome["projects"]
    ]
    rows.sort(key=lambda r: r.rank)
    by_code = {r.code: r for r in rows}
    budget = pounds(outcome["budget"], unit=unit)
    spent = pounds(outcome["spent"], unit=unit)
    measure = _("points") if outcome["ballot_type"] in ("points", "ranking") else _("votes")
    chart_id = f"chart-{envelope.pk}"
    chart = support_chart(
        bars=[Bar(label=r.title, support=r.support, funded=r.selected, cost=r.cost)
              for r in rows],
        budget=budget, spent=spent, measure=measure, chart_id=chart_id,
        table_id=f"results-table-{envelope.pk}", currency=envelope.process.currency,
    )
    columns = [RuleColumn(rule=tally.rule, name=RULE_NAMES.get(tally.rule, tally.rule),
                          official=True, funded=set(outcome["selected"]), spent=spent)]
    for rule, other in tally.alternatives.items():
        columns.append(RuleColumn(rule=rule, name=RULE_NAMES.get(rule, rule), official=False,
                                  funded=set(other["selected"]),
                                  spent=pounds(other["spent"], unit=unit)))
    funded_anywhere = set().union(*(c.funded for c in columns))
    turnout = public_turnout(ballots_by_channel=tally.ballots_by_channel,
                             turnout=tally.turnout)
    channels = [(_(" or ").join(Channel(c).in_a_sentence for c in group["channels"]),
                 group["count"])
                for group in turnout["ways_of_voting"]]
    filename = ballot_filename(tally)
    return EnvelopeResults(
        envelope=envelope, tally=tally, rule_name=RULE_NAMES.get(tally.rule, tally.rule),
        rows=rows, budget=budget, spent=spent, measure=measure,
        tie_notes=list(outcome.get("tie_notes", [])), chart=chart, columns=columns,
        compared=[r for r in rows if r.code in funded_anywhere],
        channels=channels, turnout=turnout,
        command=rerun_command(rule=tally.rule, unit=unit, filename=filename),
        filename=filename, funded=[by_code[c] for c in outcome["selected"] if c in by_code],
        delivery=delivery_summary(envelope=envelope) if tally.is_published else None,
        currency=envelope.process.currency,
    )


def process_results(*, process: Process) -> list[tuple[Envelope, EnvelopeResults | None]]:
    """Each envelope of the process with its published results, or None if not published."""
    envelopes = list(process.envelopes.all())
    tallies = {
        t.envelope_id: t
        for t in Tally.objects.published().filter(envelope__process=process)
        .defer("ballot_file").select_related("envelope__process")
    }
    projects: dict[int, dict[str, Project]] = {e.pk: {} for e in envelopes}
    for project in Project.objects.filter(envelope__process=process).select_related(
            "envelope__process"):
        projects[project.envelope_id][project.code] = project
    return [
        (e, envelope_results(tally=tallies[e.pk], projects=projects[e.pk])
         if e.pk in tallies else None)
        for e in envelopes
    ]


def participation_by_envelope(*, results: list[tuple[Envelope, EnvelopeResults | None]]
                              ) -> list[tuple[Envelope, int]]:
    """Ballots counted per published envelope: exact, as each envelope's ballot file is."""
    return [(e, r.tally.ballots) for e, r in results if r is not None]


@dataclass(frozen=True)
class CountState:
    envelope: Envelope
    ballots: int
    spoilt: int
    open_batches: list[PaperBatch]
    tallies: list[Tally]
    job: CountJob | None = None
    late_batches: list[PaperBatch] = field(default_factory=list)

    @property
    def job_stale(self) -> bool:
        return self.job is not None and is_stale(self.job)

    @property
    def published(self) -> Tally | None:
        return next((t for t in self.tallies if t.is_published), None)


def count_states(*, process: Process) -> list[CountState]:
    """For the staff results page: where each envelope stands before and after counting."""
    states = []
    for envelope in process.envelopes.all():
        totals = Ballot.objects.filter(envelope=envelope).aggregate(
            counted=Count("id", filter=Q(spoilt=False)),
            spoilt=Count("id", filter=Q(spoilt=True, voided=False))
        )
        sealed = SealedBallot.objects.filter(envelope=envelope).count()
        states.append(CountState(
            envelope=envelope, ballots=totals["counted"] + sealed, spoilt=totals["spoilt"],
            open_batches=list(PaperBatch.objects.filter(envelope=envelope).not_ready()),
            late_batches=list(PaperBatch.objects.filter(envelope=envelope, late=True)
                              .select_related("approved_by")),
            tallies=tally_list(envelope=envelope),
            job=latest_job(envelope=envelope),
        ))
    return states


def latest_job(*, envelope: Envelope) -> CountJob | None:
    return (CountJob.objects.filter(envelope=envelope).select_related("tally", "requested_by")
            .first())
