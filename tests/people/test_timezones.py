"""Time zone bands and distances (pure functions)."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from portal.people.timezones import Band, band_of, hours_apart

WINTER = datetime(2027, 1, 15, 12, tzinfo=UTC)
ZONES = [
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Africa/Johannesburg",
    "Asia/Singapore",
    "Pacific/Auckland",
]


def test_bands_follow_the_working_day():
    assert band_of("America/Chicago", WINTER) is Band.AMERICAS
    assert band_of("Europe/Berlin", WINTER) is Band.EUROPE_AFRICA
    assert band_of("Africa/Johannesburg", WINTER) is Band.EUROPE_AFRICA
    assert band_of("Asia/Kolkata", WINTER) is Band.ASIA_PACIFIC


def test_distance_goes_the_short_way_round():
    assert hours_apart("Europe/London", "America/New_York", WINTER) == 5
    assert hours_apart("Pacific/Auckland", "America/Los_Angeles", WINTER) == 3


@given(st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_distance_is_symmetric_and_at_most_twelve_hours(a, b):
    assert hours_apart(a, b, WINTER) == hours_apart(b, a, WINTER)
    assert 0 <= hours_apart(a, b, WINTER) <= 12
