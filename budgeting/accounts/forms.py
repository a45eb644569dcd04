"""allauth's account forms in Kist's words, with the labels, hints and messages of the GOV.UK
patterns (and the accessible field markup every Kist form has)."""

from allauth.account import forms as allauth_forms
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

from budgeting.forms import AccessibleBoundField

EMAIL_ERRORS = {"required": _("Enter your email address."),
                "invalid": _("Enter an email address like name@example.com.")}


def _plain(field: forms.Field, *, label, autocomplete: str, help_text="", errors=None) -> None:
    field.label = label
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs["autocomplete"] = autocomplete
    field.error_messages.update(errors or {})


class KistAccountForm:
    bound_field_class = AccessibleBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignInForm(KistAccountForm, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["login"], label=_("Email address"), autocomplete="email",
               errors=EMAIL_ERRORS)
        self.fields["login"].widget.attrs["spellcheck"] = "false"
        _plain(self.fields["password"], label=_("Password"), autocomplete="current-password",
               errors={"required": _("Enter your password.")})


class SignUpForm(KistAccountForm, allauth_forms.SignupForm):
    name = forms.CharField(
        label=_("Your name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    field_order = ["name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["email"], label=_("Email address"), autocomplete="email",
               help_text=_("We send a link to this address: open it to confirm your account."),
               errors=EMAIL_ERRORS)
        _plain(self.fields["password1"], label=_("Create a password"),
               autocomplete="new-password",
               help_text=_("At least 8 characters; not a common password and not only numbers."),
               errors={"required": _("Create a password.")})
        _plain(self.fields["password2"], label=_("Type the password again"),
               autocomplete="new-password", errors={"required": _("Type the password again.")})
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        if "password2" in self.errors and cleaned.get("password1") and cleaned.get("password2"):
            self.errors["password2"] = self.error_class([_("The passwords do not match.")])
        return cleaned


class ResetPasswordForm(KistAccountForm, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["email"], label=_("Email address"), autocomplete="email",
               help_text=_("The address you signed up with. If it has an account, we send it a "
                           "link to choose a new password."), errors=EMAIL_ERRORS)


class NewPasswordForm(KistAccountForm, allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["password1"], label=_("New password"), autocomplete="new-password",
               help_text=_("At least 8 characters; not a common password and not only numbers."),
               errors={"required": _("Create a password.")})
        _plain(self.fields["password2"], label=_("Type the new password again"),
               autocomplete="new-password", errors={"required": _("Type the password again.")})


def _code_field(field: forms.Field, *, help_text) -> None:
    _plain(field, label=_("Authenticator code"), autocomplete="one-time-code",
           help_text=help_text, errors={"required": _("Enter the code from your app.")})
    field.widget.attrs.update({"inputmode": "numeric", "class": "input--short"})


CODE_HINT = _("The 6-digit code your authenticator app shows now, or one of your recovery codes.")


class SecondFactorForm(KistAccountForm, AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], help_text=CODE_HINT)


class ActivateAuthenticatorForm(KistAccountForm, ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"],
                    help_text=_("Once the app has the secret, type the 6-digit code it shows."))


class ConfirmPasswordForm(KistAccountForm, allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["password"], label=_("Password"), autocomplete="current-password",
               help_text=_("To change how you sign in, type your password again."),
               errors={"required": _("Enter your password.")})


class DeleteAccountForm(KistAccountForm, forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        help_text=_("To be sure it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to delete your account.")})

    def __init__(self, *args, needs_password: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_password:  # signed up through a verified identity: no password to type
            del self.fields["password"]
