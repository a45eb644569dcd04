from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm
from budgeting.models import Membership, Partner


class InviteForm(KistForm):
    email = forms.EmailField(
        label=_("Their email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter their email address."),
                        "invalid": _("Enter an email address like name@example.com.")})
    role = forms.ChoiceField(
        label=_("Role in this round"), choices=Membership.Role.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role.")})
    partner = forms.ModelChoiceField(
        label=_("For which partner"), queryset=Partner.objects.none(),
        error_messages={"required": _("Choose the partner they work for."),
                        "invalid_choice": _("Choose a partner taking part in this round.")})

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = process.partners.all()


class AcceptForm(KistForm):
    name = forms.CharField(label=_("Your name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}),
                           error_messages={"required": _("Enter your name.")})
    password1 = forms.CharField(
        label=_("Create a password"), strip=False,
        help_text=_("At least 8 characters; not a common password and not only numbers."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Create a password.")})
    password2 = forms.CharField(
        label=_("Type the password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")})

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The passwords do not match."))
        elif first:
            from django.contrib.auth.models import User

            try:
                password_validation.validate_password(
                    first, User(email=self.email, first_name=cleaned.get("name", "")))
            except forms.ValidationError as weak:
                self.add_error("password1", weak)
        return cleaned
