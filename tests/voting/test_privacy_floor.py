"""No published group of people is smaller than ten."""

from hypothesis import given
from hypothesis import strategies as st

from voting.models import Channel
from voting.privacy import (
    AGE_BANDS,
    age_bands_shown,
    age_label,
    at_least_floor,
    channels_shown,
    public_turnout,
)

BANDS = [band for band, _y, _o in AGE_BANDS]


def _labels(shown):
    return [(age_label(b["youngest"], b["oldest"]), b["count"]) for b in shown]


def test_it_shows_big_enough_bands_as_they_are():
    shown = age_bands_shown({"16-24": 10, "25-44": 40, "65+": 12})
    assert _labels(shown) == [("16 to 24", 10), ("25 to 44", 40), ("65 and over", 12)]


def test_it_merges_a_small_band_into_the_next():
    shown = age_bands_shown({"under 16": 3, "16-24": 8, "45-64": 20})
    assert _labels(shown) == [("under 25", 11), ("45 to 64", 20)]


def test_it_folds_a_small_oldest_band_into_the_one_before():
    assert _labels(age_bands_shown({"25-44": 30, "65+": 2})) == [("25 and over", 32)]


def test_it_hides_everything_when_all_together_are_too_few():
    assert age_bands_shown({"16-24": 4, "65+": 5}) == []
    assert age_bands_shown({}) == []


def test_small_ways_of_voting_are_merged():
    assert channels_shown({"online": 40, "code": 4, "paper": 7}) == [
        {"channels": ["online"], "count": 40}, {"channels": ["code", "paper"], "count": 11}]
    assert channels_shown({"online": 40, "code": 4}) == [
        {"channels": ["online", "code"], "count": 44}]
    assert channels_shown({"paper": 9}) == []


def test_the_public_turnout_withholds_a_few_spoilt_papers_and_says_when_ages_are_hidden():
    turnout = public_turnout(ballots_by_channel={"online": 5, "paper": 30, "spoilt": 3},
                             turnout={"age_bands": [], "age_hidden": True})
    assert turnout == {"ways_of_voting": [{"channels": ["online", "paper"], "count": 35}],
                       "spoilt": None, "age_bands": [], "age_hidden": True}


def test_a_small_count_is_withheld():
    assert at_least_floor(9) is None
    assert at_least_floor(10) == 10
    assert at_least_floor(0) == 0


@given(st.dictionaries(st.sampled_from(BANDS), st.integers(min_value=0, max_value=40)))
def test_no_age_group_shown_is_under_ten_and_no_one_is_lost(counts):
    shown = age_bands_shown(counts)
    assert all(group["count"] >= 10 for group in shown)
    total = sum(counts.values())
    assert sum(g["count"] for g in shown) == (total if total >= 10 else 0)


@given(st.dictionaries(st.sampled_from(Channel.values), st.integers(min_value=0, max_value=40)))
def test_no_way_of_voting_shown_is_under_ten(counts):
    shown = channels_shown(counts)
    assert all(group["count"] >= 10 for group in shown)
    assert sorted(c for g in shown for c in g["channels"]) == (
        sorted(c for c, n in counts.items() if n) if sum(counts.values()) >= 10 else [])
