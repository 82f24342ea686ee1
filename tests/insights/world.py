"""A small organisation for the equity tests, made in bulk: units of 30, 12 and 3 mentees,
consented genders, one programme they apply to, pairs and completions."""

from dataclasses import dataclass
from itertools import count

from django.utils import timezone

from portal.engagements.models import OutcomeEvaluation
from portal.people.models import BusinessUnit, DemographicRecord, Profile, User
from portal.people.roles import Role
from portal.people.services import ensure_roles
from portal.programmes.models import Application, Engagement, Programme
from tests.factories import MentorProfileFactory
from tests.programmes.factories import cycle
from tests.programmes.factories import programme as make_programme

_people = count(1)
# Never shown anywhere: a demographic value given by a person, and their age band's label.
SELF_DESCRIPTION = "Zebrafinch-self-description"


@dataclass
class World:
    programme: Programme
    units: dict[str, BusinessUnit]
    people: list[User]


def add_people(
    unit: BusinessUnit,
    n: int,
    programme: Programme,
    *,
    applied: int,
    matched: int,
    completed: int,
    gender: str = "woman",
    level: int = 2,
    mentor=None,
    location: str = "London",
) -> list[User]:
    """`n` mentees in `unit`; the first `applied` applied, of whom `matched` have a pair and
    `completed` completed (their mentor rating them 4)."""
    groups = ensure_roles()
    made = []
    for _ in range(n):
        i = next(_people)
        made.append(
            User(email=f"equity{i}@example.com", first_name=f"Quillon{i}", last_name=f"Marrowby{i}")
        )
    User.objects.bulk_create(made)
    made = list(User.objects.filter(email__in=[u.email for u in made]).order_by("pk"))
    Profile.objects.bulk_create(
        [
            Profile(
                user=u,
                job_title="Director",
                business_unit=unit,
                level=level,
                tenure_years=3,
                location=location,
            )
            for u in made
        ]
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=groups[Role.MENTEE].id) for u in made]
    )
    DemographicRecord.objects.bulk_create(
        [
            DemographicRecord(
                user=u,
                consented_at=timezone.now(),
                gender=gender,
                gender_self_description=SELF_DESCRIPTION,
                age_band="45_54",
            )
            for u in made
        ]
    )
    the_cycle = programme.cycles.first() or cycle(programme)
    Application.objects.bulk_create(
        [
            Application(
                programme=programme,
                cycle=the_cycle,
                applicant=u,
                status=Application.Status.ADMITTED,
            )
            for u in made[:applied]
        ]
    )
    mentor = mentor or MentorProfileFactory()
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                mentee=u,
                mentor=mentor,
                programme=programme,
                status=Engagement.Status.COMPLETED
                if index < completed
                else Engagement.Status.ACTIVE,
            )
            for index, u in enumerate(made[:matched])
        ]
    )
    OutcomeEvaluation.objects.bulk_create(
        [
            OutcomeEvaluation(engagement=e, person=mentor.user, mentor_rating=4, narrative="Grew.")
            for e in engagements
            if e.status == Engagement.Status.COMPLETED
        ]
    )
    return made


def world() -> World:
    programme = make_programme(name="Leaders of Tomorrow", slug="leaders-of-tomorrow")
    units = {
        name: BusinessUnit.objects.create(name=name, code=name.lower())
        for name in ("Finance", "Operations", "Legal")
    }
    mentor = MentorProfileFactory()
    people = add_people(
        units["Finance"], 20, programme, applied=16, matched=12, completed=8, mentor=mentor
    )
    people += add_people(
        units["Finance"],
        10,
        programme,
        applied=6,
        matched=5,
        completed=5,
        gender="man",
        mentor=mentor,
    )
    people += add_people(
        units["Operations"],
        12,
        programme,
        applied=6,
        matched=6,
        completed=0,
        gender="man",
        level=3,
        mentor=mentor,
        location="Lagos",
    )
    people += add_people(
        units["Legal"],
        3,
        programme,
        applied=3,
        matched=0,
        completed=0,
        gender="non_binary",
        mentor=mentor,
    )
    return World(programme, units, people)
