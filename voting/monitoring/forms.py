from django import forms
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm
from voting.monitoring.questions import AGE, DISABILITY, ETHNIC_GROUPS, PREFER_NOT, SEX


def _choices(answers):
    return [("", _("Not answered")), *answers]


class MonitoringForm(KistForm):
    """Every question optional: an empty answer is not an answer."""

    age = forms.ChoiceField(label=_("Your age"), choices=_choices(AGE), required=False)
    sex = forms.ChoiceField(label=_("Your sex"), choices=SEX, required=False,
                            widget=forms.RadioSelect)
    disability = forms.ChoiceField(
        label=_("Do you have a physical or mental health condition or illness, lasting or "
                "expected to last 12 months or more, that reduces your ability to carry out "
                "day-to-day activities?"),
        choices=DISABILITY, required=False, widget=forms.RadioSelect)
    ethnic_group = forms.ChoiceField(
        label=_("Your ethnic group"), required=False,
        help_text=_("Choose the one that best describes you, as in Scotland's Census."),
        choices=[("", _("Not answered")),
                 *[(str(heading), answers) for heading, answers in ETHNIC_GROUPS],
                 PREFER_NOT])

    def answers(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value}


class AreaSharesForm(KistForm):
    """The area's census shares, in per cent, for each answer of one question."""

    def __init__(self, *args, answers: list[tuple[str, str]], initial_shares: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in answers:
            self.fields[key] = forms.DecimalField(
                label=label, required=False, min_value=0, max_value=100, decimal_places=1,
                initial=initial_shares.get(key),
                widget=forms.NumberInput(attrs={"class": "input--short", "step": "0.1",
                                                "inputmode": "decimal"}),
                error_messages={"invalid": _("Enter a share in per cent, like 12.5."),
                                "max_value": _("A share cannot be more than 100%."),
                                "min_value": _("A share cannot be below 0%."),
                                "max_decimal_places": _("Give the share to one decimal "
                                                        "place.")})
