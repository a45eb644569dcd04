
from django import forms
from django.utils.translation import gettext_lazy as _

from budgeting.forms import (
    KistForm,
    KistModelForm,
    check_within_budget,
    cost_confirmed_field,
    money_field,
)
from budgeting.models import Envelope, Process
from budgeting.proposals.locations import postcodes_have_centres
from budgeting.proposals.models import Category, Proposal, Review
from budgeting.proposals.selectors import BY_SUPPORTS, HIDDEN


class ProposalForm(KistModelForm):
    estimated_cost = money_field(
        _("Estimated cost (£)"),
        help_text=_("Your best guess in pounds. Council officers will check it."),
    )
    cost_confirmed = cost_confirmed_field()
    # Not kept: the service turns it into the postcode's centre, when no point is given.
    postcode = forms.CharField(
        label=_("Or the postcode nearest to it (optional)"), required=False, max_length=10,
        help_text=_("If you give no latitude and longitude, your idea is put on the map at "
                    "the centre of this postcode."),
        error_messages={"max_length": _("Enter a postcode like RV1 2AB.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "input--postcode"}),
    )

    class Meta:
        model = Proposal
        fields = ["envelope", "title", "summary", "description", "estimated_cost", "category",
                  "location", "latitude", "longitude", "postcode", "shown_as"]
        labels = {
            "envelope": _("Which area is your idea for?"),
            "title": _("Title"),
            "summary": _("Summary"),
            "description": _("Describe your idea"),
            "category": _("Category"),
            "location": _("Where would it happen? (optional)"),
            "latitude": _("Latitude (optional)"),
            "longitude": _("Longitude (optional)"),
            "shown_as": _("Name shown with your idea (optional)"),
        }
        help_texts = {
            "title": _("A short name for your idea, up to 120 characters."),
            "summary": _("One or two sentences, up to 300 characters."),
            "description": _("What it is, who it helps and why. Up to 5,000 characters."),
            "location": _("A street, park or building, if there is one."),
            "latitude": _("To show your idea on the map: degrees north, like 55.953252. "
                          "Picking the place on the map fills this in."),
            "longitude": _("Degrees east, like -3.188267 (west of Greenwich is below 0)."),
            "shown_as": _("Your idea is published. Give the name you want shown with it (your "
                          "first name, or a nickname), or leave it empty to show "
                          "“a resident”."),
        }
        widgets = {
            "envelope": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "envelope": {"required": _("Choose which area your idea is for."),
                         "invalid_choice": _("Choose one of the areas listed.")},
            "title": {"required": _("Enter a title."),
                      "max_length": _("The title must be 120 characters or fewer.")},
            "summary": {"required": _("Enter a summary."),
                        "max_length": _("The summary must be 300 characters or fewer.")},
            "description": {"required": _("Describe your idea."),
                            "max_length": _("The description must be 5,000 characters or "
                                            "fewer.")},
            "category": {"required": _("Choose a category."),
                         "invalid_choice": _("Choose one of the categories listed.")},
            "location": {"max_length": _("The location must be 200 characters or fewer.")},
            "latitude": {"invalid": _("Enter the latitude as a number, like 55.953252."),
                         "min_value": _("The latitude must be between -90 and 90."),
                         "max_value": _("The latitude must be between -90 and 90."),
                         "max_digits": _("Enter the latitude with up to 6 decimal places."),
                         "max_decimal_places": _("Enter the latitude with up to 6 decimal "
                                                 "places.")},
            "longitude": {"invalid": _("Enter the longitude as a number, like -3.188267."),
                          "min_value": _("The longitude must be between -180 and 180."),
                          "max_value": _("The longitude must be between -180 and 180."),
                          "max_digits": _("Enter the longitude with up to 6 decimal places."),
                          "max_decimal_places": _("Enter the longitude with up to 6 decimal "
                                                  "places.")},
            "shown_as": {"max_length": _("The name must be 80 characters or fewer.")},
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        envelopes = Envelope.objects.filter(process=process)
        self.fields["envelope"].queryset = envelopes
        self.fields["envelope"].empty_label = None
        if not self.is_bound and self.instance.pk is None and len(envelopes) == 1:
            # One budget only: nothing to choose, so it is chosen.
            self.initial.setdefault("envelope", envelopes[0].pk)
        if not postcodes_have_centres():
            # The directory knows no postcode's place: asking for one could only fail.
            del self.fields["postcode"]
        self.fields["category"].choices = [("", _("Choose a category")), *Category.choices]
        for name in ("title", "summary", "description"):
            # Whitespace alone is not an idea.
            self.fields[name].strip = True
        self.order_fields(["envelope", "title", "summary", "description", "estimated_cost",
                           "cost_confirmed"])

    def clean(self):
        cleaned = super().clean()
        envelope = cleaned.get("envelope")
        if envelope is not None:
            check_within_budget(self, cost_field="estimated_cost", budget=envelope.amount,
                                currency=envelope.process.currency)
        cleaned.pop("cost_confirmed", None)  # asked of the person, not kept
        return cleaned


class ReviewForm(KistForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision."),
                        "invalid_choice": _("Choose one of the decisions listed.")},
    )
    revised_cost = money_field(
        _("Revised cost (£, optional)"),
        required=False,
        help_text=_("Leave empty to keep the current cost."),
    )
    public_reason = forms.CharField(
        label=_("Reason shown to the public"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the reason the public will see."),
                        "max_length": _("The reason must be 2,000 characters or fewer.")},
    )
    private_note = forms.CharField(
        label=_("Private note for staff (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The note must be 2,000 characters or fewer.")},
    )
    cost_confirmed = cost_confirmed_field()

    def __init__(self, *args, envelope: Envelope | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.envelope = envelope

    def clean(self):
        cleaned = super().clean()
        if self.envelope is not None:
            check_within_budget(self, cost_field="revised_cost", budget=self.envelope.amount,
                                currency=self.envelope.process.currency)
        cleaned.pop("cost_confirmed", None)
        return cleaned


class ReasonForm(KistForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log."),
        error_messages={"required": _("Enter a reason."),
                        "max_length": _("The reason must be 1,000 characters or fewer.")},
    )


class ProposalFilterForm(KistForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    envelope = forms.ModelChoiceField(
        label=_("Area"), queryset=Envelope.objects.none(), required=False,
        empty_label=_("All areas"),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    order = forms.ChoiceField(label=_("Order"), required=False)

    def __init__(self, *args, process: Process, staff: bool = False, supports: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        # Only a round taking supports has an order other than by date.
        if supports:
            self.fields["order"].choices = [
                ("", _("Oldest first") if staff else _("Newest first")),
                (BY_SUPPORTS, _("Most supported first"))]
        else:
            del self.fields["order"]
        self.fields["envelope"].queryset = Envelope.objects.filter(process=process)
        self.fields["category"].choices = [("", _("All categories")), *Category.choices]
        statuses = [("", _("All statuses")), *Proposal.Status.choices]
        if staff:
            statuses.append((HIDDEN, _("Hidden")))
        self.fields["status"].choices = statuses

    def filters(self) -> dict:
        """The valid filters; an invalid one is ignored rather than failing the whole list."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        envelope = data.get("envelope")
        return {
            "envelope": envelope.pk if envelope else None,
            "status": data.get("status", ""),
            "category": data.get("category", ""),
            "text": data.get("q", ""),
            "order": data.get("order", ""),
        }
