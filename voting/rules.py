"""An envelope's ballot rules: where to read them, which limits each ballot type keeps, whether
they are frozen, and what they ask of a voter in a sentence."""

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgeting.models import Envelope
from budgeting.templatetags.kist import money
from voting.models import Ballot, BallotRules, BallotType, SealedBallot

# The limits each ballot type keeps, by BallotRules field; the others do not apply to it.
LIMITS = {
    BallotType.KNAPSACK: ("min_projects", "max_projects", "min_spend_percent"),
    BallotType.APPROVAL: ("min_projects", "max_projects"),
    BallotType.POINTS: ("points_total", "points_max_per_project"),
    BallotType.RANKING: ("ranking_max",),
}
LIMIT_FIELDS = ("min_projects", "max_projects", "min_spend_percent", "points_total",
                "points_max_per_project", "ranking_max")


def rules_of(envelope: Envelope) -> BallotRules:
    """The envelope's rules, or the defaults it votes under until an admin saves its own.

    Never writes: the defaults are saved when an admin saves rules or the first ballot freezes
    them (see `voting.ballot_box.rules_freeze`).
    """
    saved = BallotRules.objects.select_related("envelope__process").filter(envelope=envelope)
    return saved.first() or BallotRules(envelope=envelope)


def ballot_limits(rules: BallotRules) -> dict[str, int | None]:
    """The limits a ballot under these rules must keep, by field name (None: no limit set)."""
    return {name: getattr(rules, name) for name in LIMITS[BallotType(rules.ballot_type)]}


def is_locked(rules: BallotRules, *, has_ballots: bool) -> bool:
    """Rules freeze at the first ballot; a spoilt paper (never checked) freezes them too."""
    return rules.locked_at is not None or has_ballots


def locked_on(rules: BallotRules) -> date | None:
    """The day the rules froze (the first ballot's), or None while they can still change.

    Ballots carry no date, so the day is the freeze's own; ballots that came without freezing
    anything (a spoilt paper, an import) freeze the rules from today.
    """
    if rules.locked_at is not None:
        return timezone.localdate(rules.locked_at)
    envelope_id = rules.envelope_id
    if (Ballot.objects.filter(envelope_id=envelope_id).exists()
            or SealedBallot.objects.filter(envelope_id=envelope_id).exists()):
        return timezone.localdate()
    return None


def rules_summary(rules: BallotRules, envelope: Envelope) -> str:
    """What a voter does under these rules, in a sentence, as staff and voters would say it."""
    if rules.ballot_type == BallotType.POINTS:
        return _("Share %(total)d points, at most %(most)d on one project.") % {
            "total": rules.points_total, "most": rules.points_max_per_project}
    if rules.ballot_type == BallotType.RANKING:
        return ngettext("Rank up to %(n)d project.", "Rank up to %(n)d projects.",
                        rules.ranking_max) % {"n": rules.ranking_max}
    least, most = rules.min_projects, rules.max_projects
    if most:
        count = ngettext("Choose %(least)d to %(most)d project",
                         "Choose %(least)d to %(most)d projects", most)
    else:
        count = ngettext("Choose at least %(least)d project",
                         "Choose at least %(least)d projects", least)
    count %= {"least": least, "most": most}
    if rules.ballot_type == BallotType.APPROVAL:
        return count + "."
    sentence = _("%(count)s costing no more than %(budget)s in all") % {
        "count": count, "budget": money(envelope.amount)}
    if rules.min_spend_percent:
        sentence += _(", and spend at least %(p)d%% of it") % {"p": rules.min_spend_percent}
    return sentence + "."


def locked_reason(rules: BallotRules) -> str | None:
    """Why the rules can no longer change, or None while they still can."""
    day = locked_on(rules)
    if day is None:
        return None
    return _("Ballots have been cast in this envelope since %(day)s, so its rules can no longer "
             "change: voters must all vote under the same rules.") % {
        "day": date_format(day, "j F Y")}
