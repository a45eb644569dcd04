from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgeting.delivery.models import DeliveryStatus
from budgeting.forms import KistForm

# A browser without a date picker sends what was typed: take the usual ways of writing a day.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%d %B %Y",
                "%d %b %Y"]


class DeliveryUpdateForm(KistForm):
    # The reason follows the status it belongs to (it is shown only for "Cancelled").
    status = forms.ChoiceField(
        label=_("Where has the project got to?"),
        choices=DeliveryStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the project has got to."),
                        "invalid_choice": _("Choose one of the statuses listed.")},
    )
    reason = forms.CharField(
        label=_("Why it was cancelled"),
        help_text=_("Needed when the project is cancelled. The public will see this."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The reason must be 2,000 characters or fewer.")},
    )
    on = forms.DateField(
        label=_("Date"),
        help_text=_("The day this happened, for example 27/3/2027. It cannot be in the future."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "input--date"},
                               format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date."),
                        "invalid": _("Enter a real date, for example 27/3/2027.")},
    )
    text = forms.CharField(
        label=_("Update"),
        help_text=_("What has happened, in plain words. The public will see this."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the update."),
                        "max_length": _("The update must be 4,000 characters or fewer.")},
    )

    def clean(self):
        # The service checks these again under the lock; here they join the other messages
        # so that one submission shows every problem at once.
        cleaned = super().clean()
        on = cleaned.get("on")
        if on is not None and on > timezone.localdate():
            self.add_error("on", _("The date cannot be in the future."))
        if cleaned.get("status") == DeliveryStatus.CANCELLED and not cleaned.get("reason"):
            self.add_error("reason", _("Enter why the project was cancelled."))
        return cleaned
