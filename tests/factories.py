"""Factories for the people every test needs."""

from datetime import timedelta

from django.utils import timezone

import factory
from allauth.account.models import EmailAddress

from portal.people.models import (
    BusinessUnit,
    Competency,
    LearningGoal,
    MentorProfile,
    MentorStrength,
    Profile,
    User,
)
from portal.people.roles import Role
from portal.people.services import ensure_roles, grant_roles

PASSWORD = "correct horse battery staple"


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified primary email; pass `roles=[Role.X, ...]`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            ensure_roles()
            grant_roles(self, *extracted)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    job_title = "Director of Operations"
    business_unit = factory.SubFactory(BusinessUnitFactory)
    time_zone = "Europe/London"


class MentorProfileFactory(factory.django.DjangoModelFactory):
    """A listed internal mentor (complete, onboarded); `strengths={slug: level}`."""

    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.MENTOR])
    kind = MentorProfile.Kind.INTERNAL
    leadership_style = MentorProfile.LeadershipStyle.COACHING
    capacity = 2
    monthly_hours = 4
    bio = "Twenty years leading operations across three continents."
    outcomes = "Sharper strategic choices and a plan you own."
    onboarding_completed_at = factory.LazyFunction(timezone.now)
    availability = factory.LazyFunction(lambda: ["morning", "afternoon"])
    vetting_status = MentorProfile.Vetting.NOT_REQUIRED
    # An approved expert's vetting holds for a year unless the test says otherwise.
    vetting_expires_on = factory.LazyAttribute(
        lambda o: (
            timezone.now().date() + timedelta(days=365)
            if o.vetting_status == MentorProfile.Vetting.APPROVED
            else None
        )
    )

    @factory.post_generation
    def strengths(self, create, extracted, **kwargs):
        if not create:
            return
        for slug, level in (extracted or {"strategic-thinking": 5}).items():
            MentorStrength.objects.create(
                mentor=self, competency=Competency.objects.get(slug=slug), level=level
            )


def goal(user, slug: str, current: int, target: int) -> LearningGoal:
    """A learning goal on the shared taxonomy (competencies come from the data migration)."""
    return LearningGoal.objects.create(
        user=user,
        competency=Competency.objects.get(slug=slug),
        current_level=current,
        target_level=target,
    )
