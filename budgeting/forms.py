from decimal import Decimal

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from budgeting.money import MAX_AMOUNT


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












