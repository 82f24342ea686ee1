"""The waiting list's order: people left out of the previous cycle first, then by date."""

from datetime import timedelta

from django.utils import timezone

import pytest

from portal.programmes import queries, services
from portal.programmes.models import Application
from tests.programmes.factories import applicant, cycle, programme

pytestmark = pytest.mark.django_db


def _apply(ela, days_ago: int, **person):
    return services.apply_to_programme(
        applicant(**person), ela, at=timezone.now() - timedelta(days=days_ago)
    )


def test_waiting_list_puts_last_cycles_unmatched_first_then_orders_by_date():
    ela = programme()
    previous = cycle(ela, starts_in=-200, days=150, seats=0, name="Previous")
    current = cycle(ela, starts_in=-20, days=180, seats=0, name="Current")
    carried = _apply(ela, days_ago=190)  # while Previous ran
    early_new = _apply(ela, days_ago=40)  # between the cycles: goes to Current
    late_new = _apply(ela, days_ago=10)
    assert (carried.cycle, early_new.cycle) == (previous, current)
    services.carry_over_waiting_list(previous, actor=None)
    # Even with the latest date of all, the carried-over applicant stays first.
    Application.objects.filter(pk=carried.pk).update(applied_at=timezone.now())

    ranked = list(queries.ranked_waiting([current.pk]))

    assert [a.pk for a in ranked] == [carried.pk, early_new.pk, late_new.pk]
    assert [a.position for a in ranked] == [1, 2, 3]
    assert ranked[0].carried_over


def test_same_moment_applications_are_ordered_by_id():
    ela = programme()
    current = cycle(ela, seats=0)
    at = timezone.now() - timedelta(days=1)
    first = services.apply_to_programme(applicant(), ela, at=at)
    second = services.apply_to_programme(applicant(), ela, at=at)
    assert [a.pk for a in queries.ranked_waiting([current.pk])] == [first.pk, second.pk]


def test_positions_count_only_waiting_applications_in_the_cycle():
    ela = programme()
    current = cycle(ela, seats=0)
    other = programme()
    cycle(other, seats=0)
    gone = _apply(ela, days_ago=5)
    services.remove_application(gone, actor=None, reason="Left the organisation.")
    _apply(other, days_ago=4)
    me = _apply(ela, days_ago=3)
    [mine] = queries.member_applications(me.applicant)
    assert mine.position == 1
    assert mine.cycle == current


def test_carrying_over_needs_a_next_cycle():
    ela = programme()
    only = cycle(ela, seats=0)
    with pytest.raises(services.ApplicationError):
        services.carry_over_waiting_list(only, actor=None)


def test_carried_over_applicants_get_a_recorded_reason():
    ela = programme()
    previous = cycle(ela, starts_in=-200, days=150, seats=0, name="Spring")
    cycle(ela, starts_in=-20, seats=0)
    carried = _apply(ela, days_ago=190)
    assert services.carry_over_waiting_list(previous, actor=None) == 1
    carried.refresh_from_db()
    assert carried.status == Application.Status.WAITING
    event = carried.events.last()
    assert event.reason == "Carried over from Spring: placed ahead of new applicants."
