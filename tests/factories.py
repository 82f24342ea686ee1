"""Factories for the people every test needs."""

import factory
from allauth.account.models import EmailAddress

from portal.people.models import BusinessUnit, Profile, User
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
