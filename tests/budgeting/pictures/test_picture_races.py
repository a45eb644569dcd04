"""Uploads racing for the last place on a proposal end with three pictures, never four, and no
file of the refused ones left in storage. Needs PostgreSQL, as tests/voting/casting/
test_concurrency.py explains."""

from decimal import Decimal

import pytest
from django.db import connection

from budgeting.models import Envelope
from budgeting.pictures import services
from budgeting.pictures.models import Picture
from tests.budgeting.pictures.conftest import picture, stored_files
from tests.conftest import make_process, make_proposal, make_user
from tests.races import kinds, race

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
    outcomes = race(lambda i: services.picture_add_to_proposal(
        proposal=proposal, author=author, picture=prepared, alt=f"Racer {i}"), n=THREADS)
    assert kinds(outcomes) == {"Picture": 1, "ValidationError": THREADS - 1}
    assert Picture.objects.filter(proposal=proposal).count() == 3
    assert len(stored_files(media_in_tmp)) == 3
