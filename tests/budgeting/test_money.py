"""Amounts are shown exactly, in the process's currency."""

from decimal import Decimal

from budgeting.money import format_money
from budgeting.templatetags.kist import money


def test_it_writes_pounds_with_a_symbol_and_pence_only_when_there_are_some():
    assert format_money(Decimal("1234")) == "£1,234"
    assert format_money(Decimal("1234.5")) == "£1,234.50"
    assert format_money(Decimal("-20")) == "-£20"


def test_it_writes_other_currencies_by_symbol_or_code():
    assert format_money(Decimal("99.99"), "EUR") == "€99.99"
    assert format_money(Decimal("1000000"), "PLN") == "1,000,000 PLN"


def test_the_filter_takes_a_currency_and_leaves_nothing_as_nothing():
    assert money(Decimal("5"), "CHF") == "5 CHF"
    assert money(Decimal("5")) == "£5"
    assert money(None) == "" and money("") == ""


def test_letters_can_ask_for_every_amount_to_the_penny():
    assert format_money(Decimal("8000"), pence=True) == "£8,000.00"
    assert format_money(Decimal("8000"), "PLN", pence=True) == "8,000.00 PLN"
