"""The mentor load that decides whether a mentor has a free place."""

from portal.people.models import MentorProfile
from portal.programmes import queries
from portal.programmes.models import Engagement
from tests.factories import MentorProfileFactory
from tests.programmes import factories as pf


def _load(mentor) -> MentorProfile:
    return queries.with_mentor_load(MentorProfile.objects.all()).get(pk=mentor.pk)


def test_only_active_engagements_count_towards_a_mentors_load(db):
    mentor = MentorProfileFactory(capacity=3)
    for status in Engagement.Status:
        Engagement.objects.create(mentee=pf.applicant(), mentor=mentor, status=status)

    loaded = _load(mentor)

    assert (loaded.active_mentees, loaded.free_places) == (1, 2)
