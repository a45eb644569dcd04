from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from budgeting.models import MAX_AMOUNT, Category, Envelope, Process, Proposal, Review
from budgeting.selectors import HIDDEN


class AccessibleBoundField(BoundField):
    """Points each input at its hint and its error message, as screen readers expect."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described = []
        if self.help_text:
            described.append(f"{self.auto_id}_helptext")
        if self.errors:
            described.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        if described and not self.field.widget.use_fieldset:
            attrs["aria-describedby"] = " ".join(described)
        return attrs


class NoColonMixin:
    """Labels read as plain words, as the GOV.UK patterns have them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class KistForm(NoColonMixin, forms.Form):
    bound_field_class = AccessibleBoundField


class KistModelForm(NoColonMixin, forms.ModelForm):
    bound_field_class = AccessibleBoundField


def money_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        min_value=Decimal("1"),
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--money"}),
        error_messages={
            "invalid": _("Enter the cost as a number of pounds, like 1500 or 1500.50."),
            "min_value": _("The cost must be at least £1."),
            "max_value": _("The cost must be no more than £1,000,000,000."),
            "max_decimal_places": _("Enter the cost in pounds and pence, like 1500.50."),
            "max_digits": _("The cost must be no more than £1,000,000,000."),
            "required": _("Enter the cost in pounds."),
        },
    )


class SignUpForm(KistForm):
    name = forms.CharField(
        label=_("Your name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )
    password = forms.CharField(
        label=_("Create a password"),
        help_text=_("At least 8 characters; not a common password and not only numbers."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": _("Create a password.")},
    )
    password_again = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": _("Type the password again.")},
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Sign in instead.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The passwords do not match."))
        if password:
            probe = User(username=cleaned.get("email", ""), email=cleaned.get("email", ""),
                         first_name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SignInForm(NoColonMixin, AuthenticationForm):
    bound_field_class = AccessibleBoundField
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"required": _("Enter your email address.")},
    )
    error_messages = {
        "invalid_login": _("The email address or password is not right. Check them and try "
                           "again."),
        "inactive": _("This account has been switched off."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = _("Enter your password.")


class ProposalForm(KistModelForm):
    estimated_cost = money_field(
        _("Estimated cost (£)"),
        help_text=_("Your best guess in pounds. Council officers will check it."),
    )

    class Meta:
        model = Proposal
        fields = ["envelope", "title", "summary", "description", "estimated_cost", "category",
                  "location"]
        labels = {
            "envelope": _("Which area is your idea for?"),
            "title": _("Title"),
            "summary": _("Summary"),
            "description": _("Describe your idea"),
            "category": _("Category"),
            "location": _("Where would it happen? (optional)"),
        }
        help_texts = {
            "title": _("A short name for your idea, up to 120 characters."),
            "summary": _("One or two sentences, up to 300 characters."),
            "description": _("What it is, who it helps and why. Up to 5,000 characters."),
            "location": _("A street, park or building, if there is one."),
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
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        envelopes = Envelope.objects.filter(process=process)
        self.fields["envelope"].queryset = envelopes
        self.fields["envelope"].empty_label = None
        self.fields["category"].choices = [("", _("Choose a category")), *Category.choices]
        for name in ("title", "summary", "description"):
            # Whitespace alone is not an idea.
            self.fields[name].strip = True


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

    def __init__(self, *args, process: Process, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
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
        }
