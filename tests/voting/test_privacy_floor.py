"""No published group of people is smaller than ten."""

from hypothesis import given
from hypothesis import strategies as st

from voting.privacy import AGE_BANDS, age_bands_shown, at_least_floor

BANDS = [band for band, _y, _o in AGE_BANDS]


def test_it_shows_big_enough_bands_as_they_are():
    shown, hidden = age_bands_shown({"16-24": 10, "25-44": 40, "65+": 12})
    assert shown == [{"label": "16 to 24", "count": 10}, {"label": "25 to 44", "count": 40},
                     {"label": "65 and over", "count": 12}]
    assert hidden == 0


def test_it_merges_a_small_band_into_the_next():
    shown, _ = age_bands_shown({"under 16": 3, "16-24": 8, "45-64": 20})
    assert shown == [{"label": "under 25", "count": 11}, {"label": "45 to 64", "count": 20}]


def test_it_folds_a_small_oldest_band_into_the_one_before():
    shown, _ = age_bands_shown({"25-44": 30, "65+": 2})
    assert shown == [{"label": "25 and over", "count": 32}]


def test_it_hides_everything_when_all_together_are_too_few():
    assert age_bands_shown({"16-24": 4, "65+": 5}) == ([], 9)
    assert age_bands_shown({}) == ([], 0)


def test_a_small_count_is_withheld():
    assert at_least_floor(9) is None
    assert at_least_floor(10) == 10
    assert at_least_floor(0) == 0


@given(st.dictionaries(st.sampled_from(BANDS), st.integers(min_value=0, max_value=40)))
def test_no_shown_group_is_under_ten_and_no_one_is_lost(counts):
    shown, hidden = age_bands_shown(counts)
    assert all(group["count"] >= 10 for group in shown)
    assert sum(g["count"] for g in shown) + hidden == sum(counts.values())
