from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234 for whole pounds, £1,234.50 otherwise; exact, from a Decimal."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


@register.filter
def percent_of(part, whole) -> int:
    if not whole:
        return 0
    return max(0, min(100, int(Decimal(part) * 100 / Decimal(whole))))


@register.filter
def dictget(mapping, key):
    return (mapping or {}).get(key, 0)
