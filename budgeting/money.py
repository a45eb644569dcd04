"""Amounts as people read them, in the process's currency: exact, from a Decimal."""

from decimal import Decimal

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def format_money(amount: Decimal | int | str, currency: str = "GBP") -> str:
    """£1,234 for whole units, £1,234.50 otherwise; 1,234 PLN where there is no symbol."""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    number = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency}"
