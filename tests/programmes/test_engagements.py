"""Starting an engagement, and the mentor load that decides whether a mentor has a free place."""

from datetime import date

import pytest

from portal.people.models import MentorProfile
from portal.programmes import queries, services
from portal.programmes.models import Engagement
from tests.factories import MentorProfileFactory
from tests.programmes import factories as pf


def _load(mentor) -> MentorProfile:
    return queries.with_mentor_load(MentorProfile.objects.all()).get(pk=mentor.pk)


def test_start_engagement_starts_an_active_pair_in_the_cohort(db):
    programme = pf.programme()
    cohort = pf.cohort(pf.cycle(programme))
    mentee, mentor = pf.applicant(), MentorProfileFactory(capacity=1)

    engagement = services.start_engagement(mentee, mentor, programme, cohort)

    assert engagement.status == Engagement.Status.ACTIVE
    assert (engagement.mentee, engagement.mentor) == (mentee, mentor)
    assert (engagement.programme, engagement.cohort) == (programme, cohort)
    assert _load(mentor).free_places == 0


def test_start_engagement_can_be_backdated(db):
    engagement = services.start_engagement(
        pf.applicant(), MentorProfileFactory(), pf.programme(), started_on=date(2025, 3, 1)
    )
    assert engagement.started_on == date(2025, 3, 1)


def test_a_mentor_whose_places_another_programme_took_starts_no_engagement(db):
    mentor = MentorProfileFactory(capacity=1)
    services.start_engagement(pf.applicant(), mentor, pf.programme())

    with pytest.raises(services.NoFreePlace, match="capacity counts every programme"):
        services.start_engagement(pf.applicant(), mentor, pf.programme())

    assert Engagement.objects.filter(mentor=mentor).count() == 1


def test_only_active_engagements_count_towards_a_mentors_load(db):
    mentor = MentorProfileFactory(capacity=3)
    for status in Engagement.Status:
        Engagement.objects.create(mentee=pf.applicant(), mentor=mentor, status=status)

    loaded = _load(mentor)

    assert (loaded.active_mentees, loaded.free_places) == (1, 2)
