"""The rules of an envelope, checked on the server whatever the client sent."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgeting.templatetags.kist import money
from voting.models import BallotRules, BallotType
from voting.rules import ballot_limits

Choices = dict[int, int]
Limits = dict[str, int | None]


class Costed(Protocol):
    """All the checks read of a project: a Project, or the (id, cost) pair casting reads."""

    @property
    def cost(self) -> Decimal: ...


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"choices": [ValidationError(message, code=code)]})


def check_ballot(
    *, rules: BallotRules, projects: Mapping[int, Costed], choices: Mapping[int, int]
) -> Choices:
    """The choices, cleaned, or a ValidationError saying exactly which rule they break.

    `choices` maps project id to 1 (approval, knapsack), points, or rank (1 is first).
    `projects` are the envelope's projects by id.
    """
    unknown = [pk for pk in choices if pk not in projects]
    if unknown:
        raise ValidationError(
            {"projects": [ValidationError(_("This ballot names a project that is not on it."),
                                          code="unknown_project")]}
        )
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in choices.values()):
        raise _refuse(_("Every choice must be a whole number, zero or more."), "negative")
    chosen = {pk: v for pk, v in choices.items() if v > 0}
    checker = {
        BallotType.KNAPSACK: _check_knapsack,
        BallotType.APPROVAL: _check_approval,
        BallotType.POINTS: _check_points,
        BallotType.RANKING: _check_ranking,
    }[rules.ballot_type]
    checker(ballot_limits(rules), rules.envelope.amount, projects, chosen)
    return chosen


def _check_count(limits: Limits, projects, chosen: Choices) -> None:
    most = limits["max_projects"] or len(projects)
    fewest = limits["min_projects"]
    if len(chosen) < fewest:
        raise _refuse(
            ngettext("Choose at least %(n)d project.", "Choose at least %(n)d projects.", fewest)
            % {"n": fewest},
            "too_few",
        )
    if len(chosen) > most:
        raise _refuse(
            ngettext("Choose no more than %(n)d project.", "Choose no more than %(n)d projects.",
                     most) % {"n": most},
            "too_many",
        )


def _check_knapsack(limits: Limits, budget: Decimal, projects, chosen: Choices) -> None:
    if any(v != 1 for v in chosen.values()):
        raise _refuse(_("Tick each project once."), "not_a_tick")
    _check_count(limits, projects, chosen)
    total = sum((projects[pk].cost for pk in chosen), Decimal(0))
    if total > budget:
        raise _refuse(
            _("Your choices cost %(total)s, which is %(over)s more than the %(budget)s to spend. "
              "Remove something.")
            % {"total": money(total), "over": money(total - budget), "budget": money(budget)},
            "over_budget",
        )
    least = budget * limits["min_spend_percent"] / 100
    if total < least:
        raise _refuse(
            _("Your choices cost %(total)s. Choose projects worth at least %(least)s "
              "(%(percent)d%% of the budget).")
            % {"total": money(total), "least": money(least),
               "percent": limits["min_spend_percent"]},
            "under_spent",
        )


def _check_approval(limits: Limits, budget: Decimal, projects, chosen: Choices) -> None:
    if any(v != 1 for v in chosen.values()):
        raise _refuse(_("Tick each project once."), "not_a_tick")
    _check_count(limits, projects, chosen)


def _check_points(limits: Limits, budget: Decimal, projects, chosen: Choices) -> None:
    total = sum(chosen.values())
    if total == 0:
        raise _refuse(_("Give at least one point to a project."), "no_points")
    if total > limits["points_total"]:
        raise _refuse(
            _("You have given %(total)d points; you have %(n)d to share.")
            % {"total": total, "n": limits["points_total"]},
            "too_many_points",
        )
    if max(chosen.values()) > limits["points_max_per_project"]:
        raise _refuse(
            _("Give no more than %(n)d points to one project.")
            % {"n": limits["points_max_per_project"]},
            "too_many_on_one",
        )


def _check_ranking(limits: Limits, budget: Decimal, projects, chosen: Choices) -> None:
    ranks = sorted(chosen.values())
    if not ranks:
        raise _refuse(_("Rank at least one project."), "too_few")
    if len(ranks) > limits["ranking_max"]:
        raise _refuse(
            _("Rank no more than %(n)d projects.") % {"n": limits["ranking_max"]}, "too_many"
        )
    if ranks != list(range(1, len(ranks) + 1)):
        raise _refuse(
            _("Use each place once, starting from 1, with no gaps (1, 2, 3…)."), "bad_ranks"
        )
