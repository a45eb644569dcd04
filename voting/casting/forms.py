"""Forms for the resident-facing voting pages.

The ballot form only reads what was posted into `{project id: value}` and hands it to
`voting.checks.check_ballot`, the one place the envelope's rules are checked.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm
from budgeting.models import Project
from budgeting.postcodes import written_postcode
from voting.casting.basket import Basket, basket
from voting.checks import check_ballot
from voting.eligibility import check_known_postcode
from voting.models import BallotRules, BallotType
from voting.register import age_on, written_name

# The inputs of a points or ranking ballot are named after the project: points-12, rank-12.
PER_PROJECT = re.compile(r"^(points|rank)-(\d+)$")
# Where the error summary takes you for a message about the ballot as a whole.
CHOICES_ANCHOR = "ballot-choices"


class PersonForm(KistForm):
    """Who someone is, as the register knows people (voting.register): name, date of birth,
    postcode. Used where a resident declares online and where staff mark a paper voter."""

    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("As it is on letters from the council."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your full name."),
                        "max_length": _("Enter a name of 200 characters or fewer.")},
    )
    date_of_birth = forms.CharField(
        label=_("Your date of birth"),
        max_length=20,
        help_text=_("Day, month and year, for example 27 3 1990."),
        widget=forms.TextInput(attrs={"autocomplete": "bday", "class": "input--short",
                                      "inputmode": "numeric"}),
        error_messages={"required": _("Enter your date of birth."),
                        "max_length": _("Enter a date of birth, like 27 3 1990.")},
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        max_length=10,
        help_text=_("Your home postcode. It decides which budgets you can vote for."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "input--short",
                                      "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": _("Enter your postcode."),
                        "max_length": _("Enter a real postcode.")},
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not written_name(name):
            raise ValidationError(_("Enter your full name."))
        return name

    def clean_date_of_birth(self) -> date:
        parts = [p for p in re.split(r"[\s/.-]+", self.cleaned_data["date_of_birth"]) if p]
        try:
            day, month, year = (int(p) for p in parts)
            born = date(year, month, day)
        except ValueError:
            raise ValidationError(_("Enter a real date of birth: day, month and year, like "
                                    "27 3 1990.")) from None
        today = timezone.localdate()
        if born > today or age_on(born, today) > 120:
            raise ValidationError(_("Enter a real date of birth: day, month and year, like "
                                    "27 3 1990."))
        return born

    def clean_postcode(self) -> str:
        postcode = written_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise ValidationError(_("Enter a real postcode."))
        try:
            check_known_postcode(postcode)
        except ValidationError as unknown:
            raise ValidationError(unknown.messages) from None
        return postcode


class DeclarationForm(PersonForm):
    pass


class CodeForm(KistForm):
    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        help_text=_("12 letters and numbers, like ABCD-EFGH-JK12. Dashes, spaces and capital "
                    "letters do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters", "class": "input--code"}),
        error_messages={"required": _("Enter your voting code."),
                        "max_length": _("A voting code has 12 letters and numbers.")},
    )


class ReceiptForm(KistForm):
    receipt = forms.CharField(
        label=_("Receipt reference"),
        max_length=40,
        help_text=_("10 letters and numbers, like AB12C-DE34F, from the page you saw when you "
                    "voted."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters", "class": "input--code"}),
        error_messages={"required": _("Enter your receipt reference."),
                        "max_length": _("A receipt reference has 10 letters and numbers.")},
    )


@dataclass
class BallotRow:
    """One project as the ballot page shows it, with what the voter entered for it."""

    project: Project
    name: str
    value: str
    checked: bool = False
    errors: list = field(default_factory=list)
    over_by: Decimal | None = None

    @property
    def input_id(self) -> str:
        return f"project-{self.project.pk}"


class BallotForm(KistForm):
    """A ballot in one envelope: ticks, points or places, whichever its rules ask for."""

    def __init__(self, data=None, *, rules: BallotRules, projects: list[Project],
                 draft: dict[int, int] | None = None):
        super().__init__(data)
        self.rules = rules
        self.projects = projects
        self.by_pk = {p.pk: p for p in projects}
        self.draft = draft or {}
        kind = rules.ballot_type
        if kind in (BallotType.KNAPSACK, BallotType.APPROVAL):
            self.fields["projects"] = forms.TypedMultipleChoiceField(
                coerce=int, required=False, choices=[(str(p.pk), p.title) for p in projects],
                error_messages={
                    "invalid_choice": _("This ballot names a project that is not on it."),
                },
            )
        elif kind == BallotType.POINTS:
            for p in projects:
                self.fields[f"points-{p.pk}"] = forms.IntegerField(
                    required=False, min_value=0,
                    error_messages={
                        "invalid": _("Enter the points for %(project)s as a whole number, "
                                     "like 2.") % {"project": p.title},
                        "min_value": _("Points for %(project)s cannot be less than 0.")
                        % {"project": p.title},
                    },
                )
        else:
            places = self.place_choices()
            for p in projects:
                self.fields[f"rank-{p.pk}"] = forms.TypedChoiceField(
                    coerce=int, empty_value=0, required=False, choices=places,
                    error_messages={
                        "invalid_choice": _("Choose a place for %(project)s from the list.")
                        % {"project": p.title},
                    },
                )

    @property
    def places(self) -> int:
        return min(self.rules.ranking_max, len(self.projects))

    def place_choices(self) -> list[tuple[str, str]]:
        return [("", str(_("Not ranked")))] + [
            (str(n), ordinal(n)) for n in range(1, self.places + 1)
        ]

    # Reading what was entered

    def _raw(self) -> dict[int, str]:
        """What the voter entered, as typed, by project: kept on screen if it is refused."""
        if not self.is_bound:
            if self.rules.ballot_type in (BallotType.KNAPSACK, BallotType.APPROVAL):
                return {pk: "1" for pk, v in self.draft.items() if v}
            return {pk: str(v) for pk, v in self.draft.items() if v}
        if self.rules.ballot_type in (BallotType.KNAPSACK, BallotType.APPROVAL):
            raw = {}
            for value in self.data.getlist("projects"):
                if value.strip().isdigit():
                    raw[int(value)] = "1"
            return raw
        raw = {}
        for key, value in self.data.items():
            match = PER_PROJECT.match(key)
            if match and value.strip():
                raw[int(match.group(2))] = value.strip()
        return raw

    def draft_choices(self) -> dict[int, int]:
        """A lenient reading for the live basket: whatever is a whole number, on this ballot."""
        choices = {}
        for pk, value in self._raw().items():
            if pk in self.by_pk and re.fullmatch(r"\d{1,6}", value):
                choices[pk] = int(value)
        return choices

    def basket(self) -> Basket:
        return basket(rules=self.rules, projects=self.projects, choices=self.draft_choices())

    def rows(self, current: Basket | None = None) -> list[BallotRow]:
        raw = self._raw()
        current = current or self.basket()
        rows = []
        for p in self.projects:
            name = ("projects" if self.rules.ballot_type in (BallotType.KNAPSACK,
                                                              BallotType.APPROVAL)
                    else f"{'points' if self.rules.ballot_type == BallotType.POINTS else 'rank'}"
                         f"-{p.pk}")
            errors = self.errors.get(name, []) if self.is_bound and name != "projects" else []
            rows.append(BallotRow(
                project=p, name=name, value=raw.get(p.pk, ""), checked=p.pk in raw,
                errors=errors, over_by=current.over_by.get(p.pk),
            ))
        return rows

    # Checking

    def clean(self):
        cleaned = super().clean()
        if self.rules.ballot_type in (BallotType.POINTS, BallotType.RANKING):
            # A forged input for a project that is not on this ballot.
            for key in self.data:
                match = PER_PROJECT.match(key)
                if match and int(match.group(2)) not in self.by_pk:
                    raise ValidationError(_("This ballot names a project that is not on it."),
                                          code="unknown_project")
        if self.errors:
            return cleaned
        try:
            self.cleaned_choices = check_ballot(rules=self.rules, projects=self.by_pk,
                                        choices=self._choices(cleaned))
        except ValidationError as refused:
            raise ValidationError(refused.messages) from None
        return cleaned

    def _choices(self, cleaned) -> dict[int, int]:
        if self.rules.ballot_type in (BallotType.KNAPSACK, BallotType.APPROVAL):
            return dict.fromkeys(cleaned.get("projects", []), 1)
        prefix = "points-" if self.rules.ballot_type == BallotType.POINTS else "rank-"
        return {p.pk: cleaned.get(f"{prefix}{p.pk}") or 0 for p in self.projects}

    def all_errors(self) -> list[dict]:
        """Every message with where it points, for the error summary at the top of the page."""
        found = [{"message": m, "anchor": CHOICES_ANCHOR} for m in self.non_field_errors()]
        for name, errors in self.errors.items():
            match = PER_PROJECT.match(name)
            anchor = f"project-{match.group(2)}" if match else CHOICES_ANCHOR
            if name != "__all__":
                found.extend({"message": m, "anchor": anchor} for m in errors)
        return found


def errors_for(messages: list[str]) -> list[dict]:
    """Messages about the ballot as a whole (say, from casting), for the error summary."""
    return [{"message": m, "anchor": CHOICES_ANCHOR} for m in messages]
