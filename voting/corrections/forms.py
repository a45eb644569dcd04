from django import forms
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm
from budgeting.models import Project
from voting.corrections.services import PROJECT_FIELDS

REASON = forms.CharField(
    label=_("Why it needs correcting"), max_length=1000,
    help_text=_("Shown on the public results page beside the correction."),
    widget=forms.Textarea(attrs={"rows": 3}),
    error_messages={"required": _("Say why this needs correcting.")},
)


class ProjectCorrectionForm(KistForm):
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(),
        error_messages={"required": _("Choose the project."),
                        "invalid_choice": _("Choose a project on this round's ballots.")})
    field = forms.ChoiceField(
        label=_("What to correct"), choices=list(PROJECT_FIELDS.items()),
        widget=forms.RadioSelect, error_messages={"required": _("Choose what to correct.")})
    value = forms.CharField(
        label=_("What it should say"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Type what it should say.")})
    reason = REASON

    def __init__(self, *args, projects, **kwargs):
        kwargs.setdefault("prefix", "project")
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.title} ({p.envelope.name})"


class ClosingDateForm(KistForm):
    voting_end = forms.DateField(
        label=_("Voting now closes on"),
        help_text=_("The last day votes are taken. It can only be put back, never brought "
                    "forward."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the new closing date."),
                        "invalid": _("Enter the closing date as a real date.")})
    reason = REASON

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "closing")
        super().__init__(*args, **kwargs)
