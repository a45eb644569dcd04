"""Forms for the staff side of voting. They check the shape of what was typed; the services
check the rules (and refuse with a message the form then shows)."""

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm
from budgeting.models import Project
from budgeting.templatetags.kist import money
from voting.models import SWITCHES, VOTING_CHANNELS, BallotRules, BallotType, CountingRule
from voting.staff.code_sheets import QR_CARDS_UP_TO, WEB_CODES_UP_TO

_percent_safe = lazy(lambda message: str(message).replace("%", "%%"), str)


def _number(label, *, minimum: int, maximum: int, noun, required: bool = True,
            help_text: str = "") -> forms.IntegerField:
    """A whole number typed in a text box (as GOV.UK advises), with plain-words errors.

    `noun` names the number in a sentence ("the number of codes"); messages stay lazy so they
    are translated when shown, not when this module is imported.
    """
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short",
                                      "autocomplete": "off"}),
        error_messages={
            "required": format_lazy(_("Enter {noun}."), noun=noun),
            "invalid": format_lazy(_("Enter {noun} as a whole number, like 3."), noun=noun),
            # Django %-formats these two with the limit: keep a "%" in a project title literal.
            "min_value": _percent_safe(format_lazy(_("{noun} must be {n} or more."),
                                                   noun=capfirst(noun), n=minimum)),
            "max_value": _percent_safe(format_lazy(_("{noun} must be {n} or fewer."),
                                                   noun=capfirst(noun), n=f"{maximum:,}")),
        },
    )


class RulesForm(KistForm):
    ballot_type = forms.ChoiceField(
        label=_("Ballot type"), choices=BallotType.choices, widget=forms.RadioSelect,
        help_text=_("In order: knapsack, approval, points and ranking ballots."),
        error_messages={"required": _("Choose a ballot type."),
                        "invalid_choice": _("Choose one of the ballot types listed.")},
    )
    min_projects = _number(
        _("Fewest projects a voter must choose"), minimum=0, maximum=1000,
        help_text=_("Knapsack and approval ballots."), noun=_("the fewest projects"),
    )
    max_projects = _number(
        _("Most projects a voter may choose (optional)"), minimum=1, maximum=1000,
        required=False, noun=_("the most projects"),
        help_text=_("Knapsack and approval ballots. Leave empty for no limit."),
    )
    min_spend_percent = _number(
        _("Least share of the budget a ballot must spend (%)"), minimum=0, maximum=100,
        help_text=_("Knapsack ballots only: 70 means at least 70% of the envelope. 0 for none."),
        noun=_("the least share to spend"),
    )
    points_total = _number(
        _("Points each voter shares out"), minimum=1, maximum=1000,
        help_text=_("Points ballots only."), noun=_("the points to share"),
    )
    points_max_per_project = _number(
        _("Most points on one project"), minimum=1, maximum=1000,
        help_text=_("Points ballots only."), noun=_("the most points on one project"),
    )
    ranking_max = _number(
        _("How many projects a voter may rank"), minimum=1, maximum=100,
        help_text=_("Ranking ballots only."), noun=_("the number of projects to rank"),
    )
    counting_rule = forms.ChoiceField(
        label=_("Counting rule"), choices=CountingRule.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a counting rule."),
                        "invalid_choice": _("Choose one of the counting rules listed.")},
    )
    random_order = forms.BooleanField(
        label=_("Show the projects in a different random order to each voter"), required=False,
        help_text=_("Recommended, so that no project gains from being first on the list. Each "
                    "voter keeps their order on every page. Paper ballots, the results and "
                    "the exports keep the fixed order."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Ways to vote"), choices=VOTING_CHANNELS, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to vote."),
                        "invalid_choice": _("Choose from the ways to vote listed.")},
    )

    @classmethod
    def initial_from(cls, rules: BallotRules) -> dict:
        initial = {name: getattr(rules, name) for name in cls.base_fields if name != "channels"}
        initial["channels"] = rules.channels
        return initial

    def rule_fields(self) -> dict:
        """The cleaned data as the keyword arguments of services.rules_update."""
        data = dict(self.cleaned_data)
        chosen = set(data.pop("channels"))
        for channel, switch in SWITCHES.items():
            data[switch] = channel in chosen
        return data


class IssueCodesForm(KistForm):
    count = _number(
        _("How many codes"), minimum=1, maximum=WEB_CODES_UP_TO,
        help_text=format_lazy(
            _("Up to {n} at a time here, with a QR card each for up to {cards}. For more, "
              "issue several batches or use the issue_codes command."),
            n=f"{WEB_CODES_UP_TO:,}", cards=QR_CARDS_UP_TO,
        ),
        noun=_("the number of codes"),
    )
    note = forms.CharField(
        label=_("Note (optional)"), max_length=200, required=False,
        help_text=_("For staff, such as where the codes will be handed out."),
        error_messages={"max_length": _("The note must be 200 characters or fewer.")},
    )
    # One use per form shown, so a reload or a double click does not issue a second batch.
    token = forms.CharField(widget=forms.HiddenInput, required=False)


class OpenBatchForm(KistForm):
    event = forms.CharField(
        label=_("Event"), max_length=200,
        help_text=_("For example, “Riverside gala day”."),
        error_messages={"required": _("Enter the name of the event."),
                        "max_length": _("The event must be 200 characters or fewer.")},
    )
    place = forms.CharField(
        label=_("Place"), max_length=200,
        error_messages={"required": _("Enter where the event was held."),
                        "max_length": _("The place must be 200 characters or fewer.")},
    )
    held_on = forms.DateField(
        label=_("Date of the event"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date of the event."),
                        "invalid": _("Enter the date of the event as a real date, like "
                                     "2027-03-14.")},
    )
    declared_count = _number(
        _("Number of ballot papers"), minimum=1, maximum=100000,
        help_text=_("How many papers were collected, counted at the event, spoilt ones "
                    "included."),
        noun=_("the number of ballot papers"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PaperBallotForm(KistForm):
    """One paper ballot: a field per project, shaped by the ballot type."""

    def __init__(self, *args, rules: BallotRules, projects: list[Project], **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.projects = projects
        self.ballot_type = rules.ballot_type
        for project in projects:
            label = f"{project.title} ({money(project.cost)})"
            if rules.ballot_type in (BallotType.KNAPSACK, BallotType.APPROVAL):
                field = forms.BooleanField(label=label, required=False)
            elif rules.ballot_type == BallotType.POINTS:
                field = _number(label, minimum=0, maximum=1000, required=False,
                                noun=format_lazy(_("the points for {p}"), p=project.title))
            else:
                field = _number(label, minimum=1, maximum=max(len(projects), 1), required=False,
                                noun=format_lazy(_("the place for {p}"), p=project.title))
            field.project = project
            self.fields[self.field_name(project)] = field

    @staticmethod
    def field_name(project: Project) -> str:
        return f"p{project.pk}"

    def choices(self) -> dict[int, int]:
        """Project id to 1 (ticked), points or place; blanks and unticked boxes left out."""
        chosen = {}
        for project in self.projects:
            value = self.cleaned_data.get(self.field_name(project))
            if value is True:
                chosen[project.pk] = 1
            elif value not in (None, False):
                chosen[project.pk] = value
        return chosen


class SpoilForm(KistForm):
    reason = forms.CharField(
        label=_("Why the paper is spoilt"), max_length=300,
        help_text=_("For example, “more crosses than allowed” or “blank”."),
        error_messages={"required": _("Say why the ballot paper is spoilt."),
                        "max_length": _("The reason must be 300 characters or fewer.")},
    )


class RedeclareForm(KistForm):
    declared_count = _number(
        _("Correct number of ballot papers"), minimum=1, maximum=100000,
        help_text=_("Only after checking the papers again; the change is kept in the audit "
                    "log."),
        noun=_("the number of ballot papers"),
    )


class VoidForm(KistForm):
    receipt = forms.CharField(
        label=_("Reference of the entry"), max_length=40,
        help_text=_("Shown when the paper was entered, for example K7QX-9MPA-T3WE."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": _("Enter the reference of the entry to void.")},
    )
    reason = forms.CharField(
        label=_("Why it is void"), max_length=300,
        help_text=_("For example, “typed the wrong paper”. Then enter the paper again."),
        error_messages={"required": _("Say why this entry is void.")},
    )


class ReturnForm(KistForm):
    reason = forms.CharField(
        label=_("What does not agree"), max_length=300,
        error_messages={"required": _("Say what does not agree.")},
    )
