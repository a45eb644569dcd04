from decimal import Decimal

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from budgeting.money import MAX_AMOUNT, format_money


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


class MoneyField(forms.DecimalField):
    """Money as people type it: "4800", "4,800", "£4,800.50", " £ 4 800 "."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").replace(" ", "")
            value = value.replace("\u00a0", "").removesuffix("GBP").strip()
        return super().to_python(value)


def money_field(label: str, *, required: bool = True, help_text: str = "") -> MoneyField:
    return MoneyField(
        label=label,
        required=required,
        help_text=help_text,
        min_value=Decimal("1"),
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--money"}),
        error_messages={
            "invalid": _("Enter the cost in pounds, like 1500, 4,800 or £4,800.50."),
            "min_value": _("The cost must be at least £1."),
            "max_value": _("The cost must be no more than £1,000,000,000."),
            "max_decimal_places": _("Enter the cost in pounds and pence, like 1500.50."),
            "max_digits": _("The cost must be no more than £1,000,000,000."),
            "required": _("Enter the cost in pounds."),
        },
    )


def cost_confirmed_field() -> forms.BooleanField:
    """Hidden until a cost above the whole budget asks for it (check_within_budget)."""
    return forms.BooleanField(
        label=_("The cost is right, even though it is more than the whole budget"),
        required=False, widget=forms.HiddenInput)


def check_within_budget(form: forms.Form, *, cost_field: str, budget: Decimal | None,
                        currency: str = "GBP") -> None:
    """A cost above the whole budget is usually a slip of the keyboard: say so, and go on only
    once the person ticks `cost_confirmed` to say it is right."""
    cost = form.cleaned_data.get(cost_field)
    if cost is None or budget is None or cost <= budget or form.cleaned_data.get(
            "cost_confirmed"):
        return
    form.fields["cost_confirmed"].widget = forms.CheckboxInput()
    form.add_error(cost_field, _(
        "%(cost)s is more than the whole budget of %(budget)s. Check the amount; if it is "
        "right, tick the box below and send it again.")
        % {"cost": format_money(cost, currency), "budget": format_money(budget, currency)})
