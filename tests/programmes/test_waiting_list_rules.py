"""The waiting list's estimate and reasons (pure, no database)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from portal.programmes.waiting_list import (
    Estimate,
    UpcomingCycle,
    any_within_reach,
    estimate_start,
    no_mentor_reason,
    seats_taken_reason,
)

AUTUMN = UpcomingCycle("Autumn 2026", date(2026, 9, 1), free_seats=3)
SPRING = UpcomingCycle("Spring 2027", date(2027, 3, 1), free_seats=4)


def test_a_position_within_the_next_cycles_seats_starts_with_that_cycle():
    assert estimate_start(3, [SPRING, AUTUMN]) == Estimate(date(2026, 9, 1), "Autumn 2026")
    assert str(estimate_start(1, [AUTUMN])) == "1 September 2026, with the Autumn 2026 cycle"


def test_a_position_beyond_it_starts_with_the_one_after():
    assert estimate_start(4, [AUTUMN, SPRING]).cycle_name == "Spring 2027"
    assert estimate_start(7, [AUTUMN, SPRING]).cycle_name == "Spring 2027"


def test_beyond_every_scheduled_seat_the_answer_is_a_new_cycle():
    estimate = estimate_start(8, [AUTUMN, SPRING])
    assert estimate.starts_on is None
    assert str(estimate) == "when a new cycle is scheduled"
    assert str(estimate_start(1, [])) == "when a new cycle is scheduled"


@given(
    st.integers(1, 200),
    st.lists(st.integers(-3, 20), max_size=4),
)
def test_a_later_position_never_starts_earlier(position, seats):
    upcoming = [
        UpcomingCycle(f"C{i}", date(2027, 1 + i, 1), free_seats=n) for i, n in enumerate(seats)
    ]
    first = estimate_start(position, upcoming).starts_on or date.max
    later = estimate_start(position + 1, upcoming).starts_on or date.max
    assert first <= later


def test_reasons_read_as_sentences():
    assert seats_taken_reason(12) == "This cycle's 12 seats are taken."
    assert no_mentor_reason("Strategic thinking", cross_unit=False) == (
        "No mentor with free places is strong (level ≥ 4) in Strategic thinking within 3 hours "
        "of your time zone."
    )
    assert no_mentor_reason(None, cross_unit=True).startswith(
        "No mentor from another business unit with free places"
    )


def test_reach_is_three_hours_either_way():
    assert any_within_reach("Europe/London", ["Europe/Berlin", "Asia/Singapore"])
    assert not any_within_reach("Europe/London", ["Asia/Singapore", "Australia/Sydney"])
    assert not any_within_reach("Europe/London", [])
