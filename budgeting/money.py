"""Amounts as people read them, in the process's currency: exact, from a Decimal."""

from decimal import Decimal

# Costs and budgets are exact: pounds and pence in a Decimal, never a float.
MONEY = {"max_digits": 12, "decimal_places": 2}
MAX_AMOUNT = Decimal("1000000000.00")

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def format_money(amount: Decimal | int | str, currency: str = "GBP", *,
                 pence: bool = False) -> str:
    """£1,234 for whole units, £1,234.50 otherwise (always to the penny with `pence`, as
    letters quote a cost); 1,234 PLN where the currency has no symbol here."""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = amount == amount.to_integral_value() and not pence
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency}"
