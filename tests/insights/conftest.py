"""A programme Sofia manages with pairs that have rated, checked in and met: `pairs(n, ...)`
builds n more of them in one cohort."""

from datetime import timedelta

from django.utils import timezone

import pytest

from portal.engagements import assessments
from portal.engagements.models import Assessment, CheckInAnswer, Goal, Session
from portal.programmes import services as programme_services
from portal.programmes.models import Application
from tests.programmes import factories as pf


@pytest.fixture
def programme(programme_manager):
    programme = pf.programme(name="Emerging Executives", slug="emerging-executives")
    programme.managers.add(programme_manager)
    return programme


@pytest.fixture
def cycle(programme):
    return pf.cycle(programme, starts_in=-200, days=365, seats=50, name="Spring")


@pytest.fixture
def cohort(cycle):
    return pf.cohort(cycle, "Finance leaders")


def make_pairs(programme, cohort, n, *, pre=2, post=4, going_well="", satisfaction=4):
    """n pairs started 200 days ago, each rated by all three raters before and after, with a
    check-in each side, two sessions held and an application a fortnight before the start."""
    today = timezone.localdate()
    started = today - timedelta(days=200)
    made = []
    for _ in range(n):
        mentee = pf.applicant()
        Application.objects.create(
            programme=programme,
            cycle=cohort.cycle,
            applicant=mentee,
            status=Application.Status.ADMITTED,
            cohort=cohort,
            applied_at=timezone.now() - timedelta(days=214),
        )
        mentor = pf.available_mentor()
        engagement = programme_services.start_engagement(
            mentee, mentor, programme, cohort, started_on=started
        )
        competency = str(Goal.objects.filter(engagement=engagement).get().competency_id)
        for phase, level in ((assessments.PRE, pre), (assessments.POST, post)):
            for role in ("self", "mentor", "manager"):
                Assessment.objects.create(
                    engagement=engagement,
                    phase=phase,
                    rater_role=role,
                    ratings={competency: level},
                    mean_level=level,
                    behaviour_change=4 if (role, phase) == ("manager", "post") else None,
                )
        for person in (mentee, mentor.user):
            CheckInAnswer.objects.create(
                engagement=engagement,
                number=1,
                person=person,
                relationship=satisfaction,
                rhythm="as_agreed",
                going_well=going_well,
            )
        for days_ago in (150, 5):
            Session.objects.create(
                engagement=engagement,
                starts_at=timezone.now() - timedelta(days=days_ago),
                minutes=60,
                status=Session.Status.HELD,
            )
        made.append(engagement)
    return made
