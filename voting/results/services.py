"""Counting and publishing results.

A count freezes everything needed to repeat it: the canonical ballot file and its digest, the
rule and its options, the outcome with a reason for every project, and what the other rules
would have funded. Counting the same ballots again changes nothing; a count after a late paper
batch makes a new tally. Only a published tally is public, and one at a time per envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting import letters
from budgeting.audit import audit_record
from budgeting.models import Envelope, Phase, Project
from budgeting.money import format_money
from budgeting.permissions import check_process_admin
from voting.mixing import ballot_box_mix
from voting.models import Ballot, PaperBatch, Participation, SealedBallot
from voting.privacy import age_bands_shown
from voting.results.ballot_file import BallotFile, ballot_file
from voting.results.models import Tally
from voting.rules import rules_of
from voting.tally import RULES, Election, Outcome, count, read_pb

# Engine options for each rule as Kist counts it; the file's money unit sets Add1's step.
EQUAL_SHARES_COMPLETION = "add1u"
MAX_WELFARE_UTILITY = "count"


def pounds(amount: int, *, unit: int) -> Decimal:
    return Decimal(amount * unit) / 100


def money_format(unit: int, currency: str = "GBP") -> Callable[[int], str]:
    def fmt(amount: int) -> str:
        return format_money(pounds(amount, unit=unit), currency)

    return fmt


def count_file(*, file: BallotFile | str, rule: str, unit: int) -> Outcome:
    """Count a ballot file as Kist does, so `pb_tally` on the download gives the same."""
    text = file if isinstance(file, str) else file.text
    return count_election(election=read_pb(text).election, rule=rule, unit=unit)


def count_election(*, election: Election, rule: str, unit: int, currency: str = "GBP"
                   ) -> Outcome:
    return count(
        election,
        rule=rule,
        utility=MAX_WELFARE_UTILITY,
        completion=EQUAL_SHARES_COMPLETION,
        increment=100 // unit,
        money=money_format(unit, currency),
    )


def rerun_command(*, rule: str, unit: int, filename: str = "ballots.pb") -> str:
    """The exact command that repeats the count of a downloaded ballot file."""
    command = f"pb-tally {filename} --rule {rule}"
    if rule == "max-welfare":
        command += f" --utility {MAX_WELFARE_UTILITY}"
    if rule == "equal-shares":
        command += f" --completion {EQUAL_SHARES_COMPLETION} --increment {100 // unit}"
    return command + " --json"


def check_can_count(*, envelope: Envelope) -> None:
    if envelope.process.phase != Phase.RESULTS:
        raise ValidationError(
            _("Voting in %(process)s has not closed yet, so %(envelope)s cannot be counted.")
            % {"process": envelope.process.title, "envelope": envelope.name},
            code="voting_open",
        )
    waiting = PaperBatch.objects.filter(envelope=envelope).not_ready()
    if waiting.exists():
        names = ", ".join(str(b) for b in waiting)
        raise ValidationError(
            _("These paper batches must be closed, checked by a second person and, if opened "
              "after voting closed, approved by a process admin before counting: "
              "%(batches)s.") % {"batches": names},
            code="open_batches",
        )
    if not Project.objects.filter(envelope=envelope).exists():
        raise ValidationError(_("%(envelope)s has no projects to count.")
                              % {"envelope": envelope.name}, code="no_projects")
    if not (Ballot.objects.filter(envelope=envelope, spoilt=False).exists()
            or SealedBallot.objects.filter(envelope=envelope).exists()):
        raise ValidationError(_("No ballots have been cast in %(envelope)s.")
                              % {"envelope": envelope.name}, code="no_ballots")


def _channels(envelope: Envelope, file: BallotFile) -> dict[str, int]:
    spoilt = Ballot.objects.filter(envelope=envelope, spoilt=True, voided=False).exclude(
        batch__in=PaperBatch.objects.not_ready()).count()
    return {"online": 0, "code": 0, "paper": 0, "imported": 0, **file.by_channel,
            "spoilt": spoilt}


def _turnout(envelope: Envelope) -> dict:
    """Turnout by age band, frozen as it may be published: merged up to the privacy floor."""
    bands = dict(
        Participation.objects.filter(envelope=envelope).exclude(age_band="")
        .values_list("age_band").annotate(n=Count("id")).order_by()
    )
    shown = age_bands_shown(bands)
    return {"age_bands": shown, "age_hidden": bool(bands) and not shown}


def _quiet(step: str) -> None:
    pass


@dataclass(frozen=True)
class _Counted:
    """A count worked out and not yet frozen."""

    file: BallotFile
    channels: dict[str, int]
    rule: str
    outcome: Outcome
    alternatives: dict
    problems: list


def _unchanged(latest: Tally | None, *, digest: str, rule: str, channels: dict) -> bool:
    return bool(latest and latest.digest == digest and latest.rule == rule
                and latest.ballots_by_channel == channels)


def _latest(envelope: Envelope) -> Tally | None:
    return Tally.objects.filter(envelope=envelope).defer("ballot_file").first()


def tally_count(*, admin: User, envelope: Envelope,
                progress: Callable[[str], None] = _quiet) -> tuple[Tally, bool]:
    """Count `envelope` under its rule and freeze the result; (tally, whether it is new).

    The ballot box is mixed first, whole: nothing sealed is left out of a count, and a box
    this server cannot open stops the count with the envelope's name, deleting nothing. The
    ballots are then read (one consistent snapshot) and counted under every rule without any
    lock; only freezing the result takes the envelope's row lock, for as long as one insert
    takes. If nothing has changed since the latest count (same ballot file and rule), that
    count stands and no new tally is made. `progress` hears what the count is doing.
    """
    envelope = Envelope.objects.select_related("process").get(pk=envelope.pk)
    check_process_admin(user=admin, process=envelope.process)
    check_can_count(envelope=envelope)
    rules = rules_of(envelope)
    progress(_("Mixing the ballot box"))
    ballot_box_mix(envelope=envelope, everything=True)
    progress(_("Reading the ballots"))
    file = ballot_file(envelope=envelope, rules=rules)
    channels = _channels(envelope, file)
    latest = _latest(envelope)
    if _unchanged(latest, digest=file.digest, rule=rules.counting_rule, channels=channels):
        return latest, False
    counted = _count_every_rule(file=file, channels=channels, rule=rules.counting_rule,
                                currency=envelope.process.currency, progress=progress)
    progress(_("Freezing the count"))
    return _freeze(admin=admin, envelope=envelope, counted=counted)


def _count_every_rule(*, file: BallotFile, channels: dict, rule: str, currency: str,
                      progress: Callable[[str], None]) -> _Counted:
    # One reading of the file serves every rule.
    read = read_pb(file.text)
    election = read.election
    progress(_("Counting under %(rule)s") % {"rule": rule})
    outcome = count_election(election=election, rule=rule, unit=file.unit, currency=currency)
    # What each other rule would fund; anyone can recount the file for its full reasons.
    alternatives = {}
    for other_rule in RULES:
        if other_rule != rule:
            progress(_("Counting under %(rule)s, for comparison") % {"rule": other_rule})
            other = count_election(election=election, rule=other_rule, unit=file.unit,
                                   currency=currency)
            alternatives[other_rule] = {"selected": other.selected, "spent": other.spent,
                                        "options": other.to_json()["options"]}
    return _Counted(file=file, channels=channels, rule=rule, outcome=outcome,
                    alternatives=alternatives, problems=read.problems)


@transaction.atomic
def _freeze(*, admin: User, envelope: Envelope, counted: _Counted) -> tuple[Tally, bool]:
    envelope = Envelope.objects.select_for_update().select_related("process").get(pk=envelope.pk)
    # Under the lock the number is certain, and a count of the same ballots that finished
    # meanwhile is found rather than repeated.
    latest = _latest(envelope)
    file = counted.file
    if _unchanged(latest, digest=file.digest, rule=counted.rule, channels=counted.channels):
        return latest, False
    outcome = counted.outcome
    tally = Tally.objects.create(
        envelope=envelope,
        number=(latest.number + 1) if latest else 1,
        rule=counted.rule,
        options=outcome.to_json()["options"],
        unit=file.unit,
        ballots=file.ballots,
        ballots_by_channel=counted.channels,
        turnout=_turnout(envelope),
        digest=file.digest,
        ballot_file=file.text,
        outcome=outcome.to_json(),
        alternatives=counted.alternatives,
        problems=counted.problems,
        counted_by=admin,
        counted_at=timezone.now(),
    )
    audit_record(
        actor=admin, process=envelope.process, action="tally.counted", target=tally,
        after={"rule": tally.rule, "ballots": tally.ballots, "digest": tally.digest,
               "selected": outcome.selected},
    )
    return tally, True


def check_publishable(*, envelope: Envelope, tally: Tally) -> None:
    if tally.is_published:
        raise ValidationError(_("Count %(n)s is already published.") % {"n": tally.number},
                              code="published")
    if envelope.process.phase != Phase.RESULTS:
        raise ValidationError(_("Voting in %(process)s has not closed, so nothing can be "
                                "published.") % {"process": envelope.process.title},
                              code="voting_open")
    latest = Tally.objects.filter(envelope=envelope).order_by("-number").values_list(
        "number", flat=True).first()
    if tally.number != latest:
        # An older count would quietly undo what a later count of more ballots found.
        raise ValidationError(_("Count %(n)s is not the latest count of %(envelope)s: publish "
                                "count %(latest)s instead.")
                              % {"n": tally.number, "envelope": envelope.name, "latest": latest},
                              code="not_latest")


@transaction.atomic
def tally_publish(*, admin: User, tally: Tally) -> Tally:
    """Publish a count: it replaces any earlier published count of the envelope, and its
    funded projects become the delivery list. Proposers of newly funded projects are told
    once the publication has committed."""
    envelope = Envelope.objects.select_for_update().select_related("process").get(
        pk=tally.envelope_id
    )
    check_process_admin(user=admin, process=envelope.process)
    tally = Tally.objects.select_for_update().defer("ballot_file").get(pk=tally.pk)
    check_publishable(envelope=envelope, tally=tally)
    replaced = Tally.objects.published().filter(envelope=envelope).first()
    if replaced is not None:
        replaced.is_published = False
        replaced.save(update_fields=["is_published"])
    now = timezone.now()
    tally.is_published = True
    tally.published_at = now
    tally.published_by = admin
    tally.save(update_fields=["is_published", "published_at", "published_by"])

    projects = list(Project.objects.select_for_update().filter(envelope=envelope))
    selected = set(tally.selected)
    newly_funded, no_longer = [], []
    for project in projects:
        funded = project.code in selected
        if funded and project.funded_at is None:
            project.funded_at = now
            newly_funded.append(project)
        elif not funded and project.funded_at is not None:
            # A later count of more ballots can unfund a project; its delivery record stays
            # for the audit, and the audit entry names it.
            project.funded_at = None
            no_longer.append(project)
        else:
            continue
        project.save(update_fields=["funded_at"])
    audit_record(
        actor=admin, process=envelope.process, action="tally.published", target=tally,
        before={"published": replaced.number if replaced else None},
        after={"published": tally.number, "digest": tally.digest,
               "funded": sorted(selected),
               "newly_funded": [f"{p.pk}: {p.title}" for p in newly_funded],
               "no_longer_funded": [f"{p.pk}: {p.title}" for p in no_longer]},
    )
    if newly_funded:
        letters.notify_funded(projects=newly_funded)  # sends once this transaction commits
    return tally
