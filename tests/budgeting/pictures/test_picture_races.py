"""Uploads racing for the last place on a proposal end with three pictures, never four, and no
file of the refused ones left in storage. Needs PostgreSQL, as tests/voting/casting/
test_concurrency.py explains."""

import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection, connections

from budgeting.models import Envelope
from budgeting.pictures import services
from budgeting.pictures.models import Picture
from tests.budgeting.pictures.conftest import picture, stored_files
from tests.conftest import make_process, make_proposal, make_user

THREADS = 6

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="races need PostgreSQL (set DATABASE_URL=postgres://...)"),
]


def test_uploads_racing_for_the_last_place_add_exactly_one(media_in_tmp):
    process = make_process()
    envelope = Envelope.objects.create(process=process, name="Riverside ward",
                                       amount=Decimal("60000"))
    author = make_user("eilidh@example.com")
    proposal = make_proposal(envelope=envelope, author=author)
    prepared = services.prepare(picture())
    for _ in range(2):
        services.picture_add_to_proposal(proposal=proposal, author=author, picture=prepared,
                                         alt="Before the race")
    barrier = threading.Barrier(THREADS)
    outcomes: list = [None] * THREADS

    def add(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[i] = services.picture_add_to_proposal(
                proposal=proposal, author=author, picture=prepared, alt=f"Racer {i}")
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racing thread hung"
    assert Counter(type(o).__name__ for o in outcomes) == {"Picture": 1,
                                                            "ValidationError": THREADS - 1}
    assert Picture.objects.filter(proposal=proposal).count() == 3
    assert len(stored_files(media_in_tmp)) == 3
