"""The API's quick check of a well-formed ballot agrees with BallotCastSerializer (hypothesis).

Whatever the quick check accepts, the serializer accepts too and validates to the same thing;
what it passes on, the serializer decides. So the replies stay exactly the serializer's.
"""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.ballots import (
    CODE_MAX_LENGTH,
    MAX_INT,
    BallotCastSerializer,
    BallotReceiptSerializer,
    receipt_reply,
    well_formed_ballot,
)
from budgeting.models import Envelope
from voting.ballot_box import BoxReceipt

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Numbers around every bound the serializer has, and the JSON values that are not plain ints.
bounds = st.sampled_from([-1, 0, 1, 2, MAX_INT - 1, MAX_INT, MAX_INT + 1, 2**63, 10**30])
numbers = st.one_of(
    st.integers(-3, 3),
    bounds,
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.text(max_size=3),
)
good_codes = st.one_of(
    st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZabcxyz -", min_size=1,
            max_size=CODE_MAX_LENGTH + 3),
    st.text(alphabet="0123456789ABCXYZ -\t\n\x00\x1f\x7fÄ", min_size=1, max_size=16),
)
codes = st.one_of(
    good_codes,
    st.text(max_size=20),  # any character: tabs, NUL, accents, surrogates
    st.sampled_from(["", " ", "   ", "\t7KQ2-M9XD-4HTA\n", "7KQ2\x00M9XD", "x" * 64,
                     " " + "x" * 64 + " ", "x" * 65, "7KQ2-M9XD-4HTÄ"]),
    numbers,
)
# Mostly well-formed choices, so that the quick check accepts many bodies; the rest anything.
good_items = st.fixed_dictionaries(
    {"project": st.one_of(st.integers(1, 8), st.integers(1, 8), bounds),
     "value": st.one_of(st.integers(0, 3), st.integers(0, 3), bounds)},
    optional={"note": st.text(max_size=2)},
)
items = st.one_of(
    good_items,
    st.fixed_dictionaries({"project": numbers, "value": numbers}),
    st.dictionaries(st.sampled_from(["project", "value", "x"]), numbers, max_size=3),
    numbers,
    st.lists(st.integers(0, 3), max_size=2),
)
choices = st.one_of(
    st.lists(good_items, max_size=6),
    st.lists(items, max_size=6),
    numbers,
    st.dictionaries(st.text(max_size=2), numbers, max_size=2),
)
good_bodies = st.fixed_dictionaries(
    {"code": good_codes,
     "choices": st.lists(good_items, max_size=6, unique_by=lambda item: item["project"])}
)
bodies = st.one_of(
    st.fixed_dictionaries({"code": codes, "choices": choices},
                          optional={"user": numbers, "cast_on": st.text(max_size=3)}),
    st.dictionaries(st.sampled_from(["code", "choices", "other"]), st.one_of(codes, choices),
                    max_size=3),
    st.lists(numbers, max_size=2),
    numbers,
)


def assert_agree(body) -> bool:
    quick = well_formed_ballot(body)
    if quick is None:
        return False
    serializer = BallotCastSerializer(data=body)
    assert serializer.is_valid(), serializer.errors
    assert dict(serializer.validated_data) == quick
    return True


@SETTINGS
@given(good_bodies)
def test_what_the_quick_check_accepts_the_serializer_validates_the_same(body):
    assert_agree(body)


@SETTINGS
@given(bodies)
def test_nor_does_the_quick_check_accept_what_the_serializer_refuses(body):
    assert_agree(body)


@SETTINGS
@given(
    st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz- ", min_size=1,
            max_size=CODE_MAX_LENGTH).filter(str.strip),
    st.dictionaries(st.integers(1, MAX_INT), st.integers(0, MAX_INT), max_size=30),
)
def test_the_usual_ballot_takes_the_quick_way(code, chosen):
    body = {"code": code, "choices": [{"project": p, "value": v} for p, v in chosen.items()]}
    assert well_formed_ballot(body) == {"code": code.strip(), "choices": chosen}


def test_a_project_named_twice_is_left_to_the_serializer():
    body = {"code": "7KQ2-M9XD-4HTA",
            "choices": [{"project": 1, "value": 1}, {"project": 1, "value": 1}]}
    assert well_formed_ballot(body) is None
    assert not BallotCastSerializer(data=body).is_valid()


def test_the_receipt_reply_is_what_the_serializer_gives():
    ballot = BoxReceipt(receipt="Q3M8T-7VX2K", envelope=Envelope(pk=4), cast_on=date(2027, 3, 14))
    assert receipt_reply(ballot) == BallotReceiptSerializer(
        {"receipt": ballot.receipt, "envelope": ballot.envelope.pk, "cast_on": ballot.cast_on}
    ).data
