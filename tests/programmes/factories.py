"""Programmes, cycles, cohorts and the people who apply to them, for the programme tests."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from portal.people.models import Intake, Profile
from portal.people.roles import Role
from portal.programmes.models import Cohort, Cycle, Programme
from tests.factories import BusinessUnitFactory, MentorProfileFactory, ProfileFactory, UserFactory
from tests.factories import goal as add_goal

_numbers = count(1)


def programme(**fields) -> Programme:
    n = next(_numbers)
    defaults = {
        "name": f"Programme {n}",
        "slug": f"programme-{n}",
        "purpose": "Grow leaders who can run a business unit across markets.",
        "hours_per_month": 4,
        "duration_months": 6,
    }
    return Programme.objects.create(**{**defaults, **fields})


def cycle(
    programme: Programme, *, starts_in: int = -10, days: int = 180, seats: int = 2, name=None
):
    """A cycle starting `starts_in` days from today (negative: already running)."""
    starts_on = timezone.localdate() + timedelta(days=starts_in)
    return Cycle.objects.create(
        programme=programme,
        name=name or f"Cycle {next(_numbers)}",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        seats=seats,
    )


def cohort(cycle: Cycle, name: str = "Everyone", **fields) -> Cohort:
    return Cohort.objects.create(cycle=cycle, name=name, **fields)


def applicant(
    *,
    level: int | None = Profile.Level.DIRECTOR,
    tenure: int | None = 5,
    unit=None,
    time_zone: str = "Europe/London",
    intake: bool = True,
    goals: dict | None = None,
    **user_fields,
):
    """A mentee with a profile, (by default) a submitted intake and learning goals."""
    user = UserFactory(roles=[Role.MENTEE], **user_fields)
    ProfileFactory(
        user=user,
        level=level,
        tenure_years=tenure,
        business_unit=unit or BusinessUnitFactory(),
        time_zone=time_zone,
        job_title="Director, Customer Insight",
    )
    Intake.objects.create(user=user, submitted_at=timezone.now() if intake else None)
    for slug, (current, target) in (goals or {"strategic-thinking": (2, 4)}).items():
        add_goal(user, slug, current, target)
    return user


def available_mentor(*, strengths=None, time_zone: str = "Europe/London", unit=None, capacity=2):
    """A listed mentor with free places, in `time_zone`, from another unit by default."""
    mentor = MentorProfileFactory(
        strengths=strengths or {"strategic-thinking": 5}, capacity=capacity
    )
    ProfileFactory(
        user=mentor.user, time_zone=time_zone, business_unit=unit or BusinessUnitFactory()
    )
    return mentor
