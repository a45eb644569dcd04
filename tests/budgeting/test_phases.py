from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from budgeting.models import Phase
from tests.conftest import make_process, phase_dates


@pytest.mark.parametrize("phase", ["upcoming", "ideas", "review", "shortlisting", "voting",
                                   "results"])
def test_the_phase_follows_from_the_dates(db, phase):
    process = make_process(slug=f"p-{phase}", phase=phase)
    assert process.phase == phase


def test_voting_includes_its_last_day(db):
    process = make_process(phase="voting")
    assert process.phase_on(process.voting_end) == Phase.VOTING
    assert process.phase_on(process.voting_end + timedelta(days=1)) == Phase.RESULTS
    assert process.phase_on(process.review_start - timedelta(days=1)) == Phase.IDEAS


def test_the_timeline_marks_past_current_and_future(db):
    process = make_process(phase="review")
    states = {step["phase"]: step["state"] for step in process.timeline()}
    assert states == {"ideas": "past", "review": "current", "shortlisting": "future",
                      "voting": "future", "results": "future"}


def test_it_rejects_dates_out_of_order(db):
    process = make_process()
    dates = phase_dates("ideas")
    process.voting_start = dates["ideas_start"] - timedelta(days=1)
    with pytest.raises(ValidationError):
        process.full_clean()
