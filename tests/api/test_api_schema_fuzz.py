"""Fuzz every GET of the API against its own OpenAPI schema, in-process through WSGI.

Schemathesis reads /api/schema/ from the Django app itself (no server, no network), generates
requests from it, and checks each reply: no 5xx, a documented status and content type, and a
body that matches the documented schema. The database holds a finished round (public and
hidden proposals, a published and an unpublished count), and path parameters are drawn from
its real ids more often than at random, so the 200 replies are checked as well as the 404s.

The ballot POST is left out: it is rate limited and has its own tests (test_api_ballots.py).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from config.wsgi import application
from tests.api.open_data_setup import make_open_data

# A few dozen requests per operation keeps the whole run well under a minute on one core.
EXAMPLES_PER_OPERATION = 30


# The ids of the round in the database, filled in by the `round_ids` fixture before each test.
REAL: dict[str, list] = {}
PATH_NAMES = {"slug", "envelope_id", "project_id", "proposal_id"}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # The app is called as plain WSGI, not through Django's test client, so nothing stops a
    # request's end from closing the connection that holds the test's transaction (and its
    # data) on PostgreSQL. Django's test client unhooks the same signal handlers.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def round_ids(db, keep_the_test_connection):
    data = make_open_data()
    REAL.update({
        "slug": [data.process.slug],
        "envelope_id": [data.envelope.pk, data.other_envelope.pk],
        "project_id": [p.pk for p in data.projects],
        "proposal_id": [data.public_proposal.pk, data.hidden_proposal.pk],
    })
    yield
    REAL.clear()


def _real(name: str) -> st.SearchStrategy:
    # Looked up when drawn, not when the strategy is built: the ids exist only inside a test.
    return st.integers(min_value=0, max_value=99).map(lambda i: REAL[name][i % len(REAL[name])])


# The schema is read once, when the tests are collected; generating it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).include(
    method="GET"
)


@schema.hook
def flatmap_case(context, case):
    # Random ids and page numbers are almost all 404s, so three valid cases in four name real
    # objects and the first page instead. Invalid (negative) cases are left alone: a real id
    # would make them valid.
    names = [name for name in case.path_parameters or {} if name in PATH_NAMES]
    paged = "page" in (case.query or {})
    if not (names or paged) or case.meta is None or not case.meta.generation.mode.is_positive:
        return st.just(case)

    def with_real(chosen: dict):
        case.path_parameters = {**(case.path_parameters or {}), **chosen}
        case.query = {k: v for k, v in (case.query or {}).items() if k != "page"}
        return case

    real = st.fixed_dictionaries({name: _real(name) for name in names}).map(with_real)
    return st.sampled_from([True, True, True, False]).flatmap(
        lambda use_real: real if use_real else st.just(case)
    )


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    # Shrinking a failure is slow and the failing request is printed anyway.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)
def test_every_get_operation_conforms_to_the_schema(case):
    case.call_and_validate()
