from decimal import Decimal

from django import template

from budgeting.money import format_money

register = template.Library()


@register.filter
def said(obj, field: str) -> str:
    """The object's words in the reader's language, English where none were written."""
    from budgeting.languages.words import said as words_said

    return words_said(obj, field)


@register.filter
def money(value, currency: str = "GBP") -> str:
    """£1,234 for whole pounds, £1,234.50 otherwise; exact, from a Decimal. Another currency
    by its code: `{{ amount|money:process.currency }}`."""
    if value is None or value == "":
        return ""
    return format_money(value, currency or "GBP")


@register.filter
def percent_of(part, whole) -> int:
    if not whole:
        return 0
    return max(0, min(100, int(Decimal(part) * 100 / Decimal(whole))))


@register.filter
def dictget(mapping, key):
    return (mapping or {}).get(key, 0)
