from django import forms
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm, KistModelForm, MoneyField
from budgeting.models import DISCUSSION_PHASES, Envelope, Partner, Phase, Process, Spending, Ward

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CURRENCIES = [("GBP", _("Pounds (£)")), ("EUR", _("Euros (€)"))]


class RoundForm(KistModelForm):
    currency = forms.ChoiceField(label=_("Money in"), choices=CURRENCIES,
                                 widget=forms.RadioSelect, initial="GBP")
    comment_phases = forms.MultipleChoiceField(
        label=_("Comments are open while"), required=False,
        choices=[(p, Phase(p).label) for p in DISCUSSION_PHASES],
        widget=forms.CheckboxSelectMultiple, initial=list(DISCUSSION_PHASES),
        help_text=_("Residents comment on proposals while ideas come in, are supported, "
                    "checked and shortlisted, and on projects while voting is open. Untick a "
                    "phase to close comments in it; what was written stays readable."))

    class Meta:
        model = Process
        fields = ["title", "area", "description", "currency", "ideas_start", "supports_start",
                  "review_start", "shortlisting_start", "voting_start", "voting_end",
                  "comment_phases", "vote_reminders"]
        labels = {"title": _("Name of the round"), "area": _("Area it covers"),
                  "description": _("What it is about"),
                  "ideas_start": _("Ideas open on"),
                  "supports_start": _("Supports phase starts on (optional)"),
                  "review_start": _("Review starts on"),
                  "shortlisting_start": _("Shortlisting starts on"),
                  "voting_start": _("Voting opens on"), "voting_end": _("Voting closes on"),
                  "vote_reminders": _("Residents may ask to be reminded to vote")}
        help_texts = {"title": _("For example, Riverside Community Choices 2027."),
                      "area": _("For example, Riverside and North Bank wards."),
                      "voting_end": _("The last day votes are taken.")}
        widgets = {name: DATE_WIDGET for name in ("ideas_start", "supports_start", "review_start",
                                                  "shortlisting_start", "voting_start",
                                                  "voting_end")}
        widgets["description"] = forms.Textarea(attrs={"rows": 4})
        error_messages = {
            "title": {"required": _("Enter the name of the round.")},
            "area": {"required": _("Enter the area the round covers.")},
            **{name: {"required": _("Enter the date."), "invalid": _("Enter a real date.")}
               for name in ("ideas_start", "supports_start", "review_start", "shortlisting_start",
                            "voting_start", "voting_end")},
        }


class StartForm(RoundForm):
    partner = forms.ModelChoiceField(
        label=_("Run by"), queryset=Partner.objects.filter(kind=Partner.Kind.COUNCIL),
        help_text=_("The council running the round; you are its first process admin."),
        error_messages={"required": _("Choose the council running the round.")})


class PartnersForm(KistForm):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners taking part"), queryset=Partner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple, required=False)
    new_partner = forms.CharField(label=_("Add a partner not listed (optional)"),
                                  max_length=200, required=False,
                                  help_text=_("A community group or third-sector body."))


class EnvelopeForm(KistModelForm):
    amount = MoneyField(
        label=_("Amount"), max_digits=12, decimal_places=2, min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--money"}),
        error_messages={"required": _("Enter the amount."),
                        "invalid": _("Enter the amount in pounds, like 50,000."),
                        "min_value": _("The amount must be at least £1.")})
    wards = forms.ModelMultipleChoiceField(
        label=_("Wards"), queryset=Ward.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the council's postcode directory. Leave empty to use postcode "
                    "areas instead."))

    supports_limit = forms.IntegerField(
        label=_("Ideas each resident may support"), required=False, min_value=0,
        max_value=1000, initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        help_text=_("How many of this budget's ideas one resident may support before review, "
                    "to show which ideas people want. 0, or empty, takes no supports."),
        error_messages={"invalid": _("Enter a whole number, like 5."),
                        "min_value": _("Enter 0 or more."),
                        "max_value": _("Enter 1,000 or fewer.")})

    spending = forms.ChoiceField(
        label=_("Capital or revenue"), choices=Spending.choices, widget=forms.RadioSelect,
        help_text=_("For the council's annual PB return. Capital buys things that last "
                    "(equipment, buildings); revenue pays for activities and running costs."),
        error_messages={"required": _("Choose whether the budget is capital or revenue.")})

    def clean_supports_limit(self) -> int:
        return self.cleaned_data["supports_limit"] or 0

    class Meta:
        model = Envelope
        fields = ["name", "description", "amount", "postcode_prefixes", "minimum_age",
                  "maximum_age", "supports_limit", "spending", "financial_year", "fund_source"]
        labels = {"name": _("Name of the budget"), "description": _("About it (optional)"),
                  "postcode_prefixes": _("Postcode areas"),
                  "minimum_age": _("Youngest age that may vote"),
                  "maximum_age": _("Oldest age that may vote (optional)"),
                  "financial_year": _("Financial year (optional)"),
                  "fund_source": _("Where the money comes from (optional)")}
        help_texts = {"name": _("For example, Riverside ward, or the youth budget."),
                      "postcode_prefixes": _("Where no postcode directory is loaded: the "
                                             "starts of postcodes, separated by commas, like "
                                             "RV1, RV2."),
                      "fund_source": _("For example, the Common Good Fund or the ward's "
                                       "capital programme.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Enter the name of the budget.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not Ward.objects.exists():
            del self.fields["wards"]
        elif self.instance.pk:
            self.initial.setdefault("wards", list(self.instance.wards.all()))
        self.order_fields(["name", "description", "amount", "wards", "postcode_prefixes",
                           "minimum_age", "maximum_age", "spending", "financial_year",
                           "fund_source"])
