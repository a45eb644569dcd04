"""Racing supports end with exactly one support, and never past the limit, on PostgreSQL."""

from collections import Counter

import pytest
from django.db import connection

from budgeting.supports.models import Support
from budgeting.supports.services import support_give
from tests.budgeting.supports.support_setup import declare, take_supports
from tests.conftest import make_process, make_proposal, make_user
from tests.races import THREADS, kinds, race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="races need PostgreSQL (set DATABASE_URL=postgres://...)"),
]


def _round(limit: int):
    from decimal import Decimal

    from budgeting.models import Envelope
    process = make_process()
    envelope = take_supports(Envelope.objects.create(
        process=process, name="Riverside ward", amount=Decimal("60000"),
        postcode_prefixes="RV1"), limit=limit)
    author = make_user("author@example.com")
    resident = make_user("racer@example.com")
    declare(resident, envelope)
    return envelope, author, resident


def test_threads_racing_one_support_give_exactly_one():
    envelope, author, resident = _round(limit=5)
    proposal = make_proposal(envelope=envelope, author=author)
    outcomes = race(lambda i: support_give(user=resident, proposal=proposal))
    assert kinds(outcomes) == {"Support": 1, "ValidationError": THREADS - 1}, outcomes
    assert Support.objects.count() == 1


def test_threads_racing_different_proposals_stop_at_the_limit():
    envelope, author, resident = _round(limit=3)
    proposals = [make_proposal(envelope=envelope, author=author, title=f"Idea {i}")
                 for i in range(THREADS)]
    outcomes = race(lambda i: support_give(user=resident, proposal=proposals[i]))
    assert kinds(outcomes) == {"Support": 3, "ValidationError": THREADS - 3}, outcomes
    assert Counter(o.code for o in outcomes if not hasattr(o, "pk")) == {"limit": THREADS - 3}
    assert Support.objects.filter(user=resident).count() == 3


def test_two_accounts_of_one_person_racing_stop_at_the_persons_limit():
    envelope, author, resident = _round(limit=2)
    twin = make_user("racer.again@example.com")
    declare(twin, envelope, name=resident.email)
    proposals = [make_proposal(envelope=envelope, author=author, title=f"Idea {i}")
                 for i in range(THREADS)]
    accounts = [resident, twin]
    outcomes = race(lambda i: support_give(user=accounts[i % 2], proposal=proposals[i]))
    assert kinds(outcomes) == {"Support": 2, "ValidationError": THREADS - 2}, outcomes
    assert Support.objects.count() == 2
