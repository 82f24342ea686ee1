"""The demo programmes: believable, idempotent; Amara admitted, Kwame waiting with a place."""

import random

import pytest

from portal.demo.programmes_seed import DEMO_MENTEE, WAITING_MENTEE, seed_programmes
from portal.demo.services import seed_demo
from portal.people.models import User
from portal.programmes import queries
from portal.programmes.models import Application, ApplicationEvent, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_demo()
    seed_programmes(1, random.Random(2026))


def test_two_programmes_with_admitted_waiting_deferred_and_removed_applicants(seeded):
    assert set(Programme.objects.values_list("slug", flat=True)) == {
        "executive-leadership-accelerator",
        "emerging-leaders-circle",
        "board-readiness",  # nomination-only (test_the_demo_shows_operations)
    }
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"admitted", "waiting", "deferred", "removed"} <= statuses
    assert Application.objects.filter(carried_over=True, status="waiting").exists()
    assert not ApplicationEvent.objects.filter(
        action__in=["deferred", "removed"], reason=""
    ).exists()


def test_amara_is_admitted_to_a_cohort_so_matching_can_propose_her_a_mentor(seeded):
    amara = User.objects.get(email=DEMO_MENTEE)
    [application] = queries.member_applications(amara)
    assert application.status == Application.Status.ADMITTED and application.cohort_id


def test_kwame_sees_his_place_reason_and_estimate(seeded):
    kwame = User.objects.get(email=WAITING_MENTEE)
    [application] = queries.member_applications(kwame)
    assert application.status == Application.Status.WAITING
    assert application.position >= 1
    assert application.waiting_reason
    assert application.estimate is not None


def test_seeding_again_adds_nothing(seeded):
    before = (Application.objects.count(), ApplicationEvent.objects.count())
    seed_programmes(1, random.Random(7))
    assert (Application.objects.count(), ApplicationEvent.objects.count()) == before


def test_the_demo_shows_operations(seeded):
    """A nomination-only programme with a nomination, a cycle ready to roll over (the earlier
    one rolled over, on the record), required onboarding modules and a mentor part-way."""
    from content.models import LearningModulePage, ModuleCompletion
    from portal.programmes import services
    from portal.programmes.models import Nomination

    seed_demo()  # a rerun changes none of it
    nomination = Nomination.objects.get(programme__slug="board-readiness")
    assert nomination.nominee.email == WAITING_MENTEE and nomination.note
    ela = Programme.objects.get(slug="executive-leadership-accelerator")
    previous, current, following = ela.cycles.order_by("starts_on")
    assert services.roll_over_record(previous) is not None
    assert services.roll_over_record(current) is None
    assert services.following_cycle(current) == following
    assert current.applications.filter(status="waiting").exists()
    assert LearningModulePage.objects.filter(required_for_mentors=True).count() == 3
    assert (
        ModuleCompletion.objects.filter(
            user__mentor_profile__onboarding_completed_at__isnull=True
        ).count()
        == 1
    )
