"""Applying: admitted when a seat and a mentor are free, else waiting with a reason and estimate."""

from datetime import timedelta

from django.utils import timezone

import pytest

from portal.programmes import queries, services
from portal.programmes.models import Application, ApplicationEvent, CohortMembership, Nomination
from tests.factories import BusinessUnitFactory
from tests.programmes.factories import applicant, available_mentor, cohort, cycle, programme

pytestmark = pytest.mark.django_db


def test_a_free_seat_and_a_suitable_mentor_admit_into_the_units_cohort():
    unit = BusinessUnitFactory(name="Consumer Products", code="consumer")
    ela = programme()
    current = cycle(ela, seats=2)
    cohort(current, "Open cohort")
    consumer = cohort(current, "Consumer Products", business_unit=unit)
    available_mentor()
    person = applicant(unit=unit)

    application = services.apply_to_programme(person, ela)

    assert application.status == Application.Status.ADMITTED
    assert application.cohort == consumer
    assert CohortMembership.objects.filter(cohort=consumer, user=person).exists()
    actions = list(application.events.values_list("action", "actor"))
    assert actions == [("applied", person.pk), ("admitted", None)]


def test_when_the_seats_are_taken_the_applicant_waits_with_position_and_estimate():
    ela = programme()
    current = cycle(ela, seats=1)
    cohort(current)
    cycle(ela, starts_in=120, seats=3, name="Autumn")
    available_mentor(capacity=5)
    services.apply_to_programme(applicant(), ela)

    application = services.apply_to_programme(applicant(), ela)

    assert application.status == Application.Status.WAITING
    assert application.waiting_reason == "This cycle's 1 seat is taken."
    [mine] = queries.member_applications(application.applicant)
    assert mine.position == 1
    assert mine.estimate.cycle_name == "Autumn"
    event = application.events.get(action=ApplicationEvent.Action.WAITLISTED)
    assert event.reason == "This cycle's 1 seat is taken."


def test_with_no_mentor_strong_in_the_top_goal_nearby_the_reason_names_the_goal():
    ela = programme()
    cohort(cycle(ela, seats=5))
    available_mentor(strengths={"strategic-thinking": 5}, time_zone="Asia/Singapore")
    available_mentor(strengths={"financial-acumen": 5}, time_zone="Europe/Paris")
    available_mentor(strengths={"strategic-thinking": 3}, time_zone="Europe/Paris")
    person = applicant(goals={"financial-acumen": (3, 4), "strategic-thinking": (1, 4)})

    application = services.apply_to_programme(person, ela)

    assert application.status == Application.Status.WAITING
    assert application.waiting_reason == (
        "No mentor from another business unit with free places is strong (level ≥ 4) in "
        "Strategic thinking within 3 hours of your time zone."
    )


def test_a_mentor_from_the_applicants_own_unit_does_not_count_in_cross_unit_programmes():
    unit = BusinessUnitFactory()
    ela = programme(cross_unit_pairs=True)
    cohort(cycle(ela, seats=5))
    available_mentor(unit=unit)
    application = services.apply_to_programme(applicant(unit=unit), ela)
    assert application.status == Application.Status.WAITING


def test_a_full_mentor_does_not_count():
    from portal.programmes.models import Engagement

    ela = programme()
    cohort(cycle(ela, seats=5))
    mentor = available_mentor(capacity=1)
    Engagement.objects.create(mentee=applicant(), mentor=mentor)
    application = services.apply_to_programme(applicant(), ela)
    assert application.status == Application.Status.WAITING
    assert "No mentor" in application.waiting_reason


def test_an_ineligible_applicant_is_refused_with_every_reason_and_nothing_saved():
    ela = programme(eligible_levels=[4, 5], nomination_required=True)
    cycle(ela)
    person = applicant(level=2, intake=False)

    with pytest.raises(services.NotEligible) as refusal:
        services.apply_to_programme(person, ela)

    assert refusal.value.reasons == [
        "This programme is for Vice presidents and Executives; your profile says Director.",
        "It needs a nomination from your sponsor or manager.",
        "Complete your intake first.",
    ]
    assert not Application.objects.exists()


def test_a_nomination_opens_a_programme_that_requires_one():
    ela = programme(nomination_required=True)
    cycle(ela)
    person = applicant()
    Nomination.objects.create(programme=ela, nominee=person)
    assert services.apply_to_programme(person, ela).pk


def test_applying_twice_returns_the_same_application():
    ela = programme()
    cycle(ela, seats=0)
    person = applicant()
    first = services.apply_to_programme(person, ela)
    second = services.apply_to_programme(person, ela)
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.filter(action="applied").count() == 1


def test_a_programme_without_a_cycle_says_so():
    ela = programme()
    with pytest.raises(services.NotEligible) as refusal:
        services.apply_to_programme(applicant(), ela)
    assert refusal.value.reasons == [services.NO_CYCLE]


def test_applications_go_to_the_running_cycle_before_the_next_one():
    ela = programme()
    running = cycle(ela, starts_in=-30, seats=0)
    cycle(ela, starts_in=30)
    assert services.apply_to_programme(applicant(), ela).cycle == running


def test_a_withdrawn_applicant_may_apply_again():
    ela = programme()
    cycle(ela, seats=0)
    person = applicant()
    services.withdraw_application(services.apply_to_programme(person, ela), person)
    again = services.apply_to_programme(person, ela, at=timezone.now() + timedelta(minutes=1))
    assert again.status == Application.Status.WAITING
    assert Application.objects.filter(applicant=person).count() == 2


def test_only_a_mentee_can_apply_whoever_calls_the_service():
    ela = programme()
    cohort(cycle(ela))
    available_mentor()
    sponsor = applicant()
    sponsor.groups.clear()  # the same complete profile and intake, but no longer a mentee
    sponsor.__dict__.pop("role_names", None)
    with pytest.raises(services.NotEligible) as refused:
        services.apply_to_programme(sponsor, ela)
    assert refused.value.reasons == [services.NOT_A_MENTEE]
    assert not Application.objects.filter(applicant=sponsor).exists()
