"""A small cohort ready for matching: admitted mentees and listed mentors in other units."""

from portal.programmes import services as programme_services
from tests.programmes import factories as pf


def cohort_with_people(mentees=2, mentors=1, capacity=2, seats=10, managers=(), **programme_fields):
    """A running cycle's cohort with `mentees` admitted applicants and `mentors` listed mentors;
    `managers` are listed as the programme's managers."""
    programme = pf.programme(**programme_fields)
    programme.managers.add(*managers)
    cycle = pf.cycle(programme, seats=seats)
    cohort = pf.cohort(cycle)
    mentor_profiles = [pf.available_mentor(capacity=capacity) for _ in range(mentors)]
    people = []
    for _ in range(mentees):
        person = pf.applicant()
        application = programme_services.apply_to_programme(person, programme)
        if application.cohort_id != cohort.pk:
            application = programme_services.admit_application(application, None, cohort)
        people.append(person)
    return cohort, people, mentor_profiles
