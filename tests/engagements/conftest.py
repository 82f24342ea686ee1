"""A mentoring pair in a programme Sofia manages: Amara (mentee, Lagos) and Daniel (mentor,
Berlin), with Amara's intake goals, and the people around them."""

import re

import pytest

from portal.engagements import services
from portal.people.roles import Role
from portal.programmes import services as programme_services
from tests.factories import MentorProfileFactory, ProfileFactory, UserFactory, goal
from tests.programmes import factories as pf


@pytest.fixture
def programme(programme_manager):
    programme = pf.programme(hours_per_month=4, duration_months=6)
    programme.managers.add(programme_manager)
    return programme


@pytest.fixture
def daniel(mentor):
    ProfileFactory(user=mentor, time_zone="Europe/Berlin", job_title="VP Manufacturing")
    return MentorProfileFactory(user=mentor, capacity=3)


@pytest.fixture
def engagement(programme, mentee, daniel):
    ProfileFactory(user=mentee, time_zone="Africa/Lagos")
    goal(mentee, "strategic-thinking", 2, 4)
    return programme_services.start_engagement(mentee, daniel, programme)


@pytest.fixture
def confirmed(engagement, mentee, mentor):
    """Both have confirmed the agreement."""
    from portal.engagements.queries import agreement_for

    version = agreement_for(engagement).version
    services.confirm_agreement(engagement, mentee, version)
    services.confirm_agreement(engagement, mentor, version)
    return engagement


@pytest.fixture
def other_manager(db):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    pf.programme().managers.add(manager)
    return manager


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a rendered page."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
