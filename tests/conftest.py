"""The cast every test can call on: one person per role, like a small company."""

from django.core.cache import caches

import pytest

from portal.people.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: the test settings' locmem caches live as long as the
    process, and database ids repeat from one test to the next."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def mentee(db):
    return UserFactory(
        email="amara@example.com", first_name="Amara", last_name="Okafor", roles=[Role.MENTEE]
    )


@pytest.fixture
def mentor(db):
    return UserFactory(
        email="daniel@example.com", first_name="Daniel", last_name="Hartmann", roles=[Role.MENTOR]
    )


@pytest.fixture
def programme_manager(db):
    return UserFactory(
        email="sofia@example.com",
        first_name="Sofia",
        last_name="Lindqvist",
        roles=[Role.PROGRAMME_MANAGER],
    )


@pytest.fixture
def moderator(db):
    return UserFactory(
        email="tomas@example.com", first_name="Tomás", last_name="Alvarez", roles=[Role.MODERATOR]
    )


@pytest.fixture
def sponsor(db):
    return UserFactory(
        email="james@example.com", first_name="James", last_name="Whitfield", roles=[Role.SPONSOR]
    )


@pytest.fixture
def communications(db):
    return UserFactory(
        email="mei@example.com", first_name="Mei", last_name="Chen", roles=[Role.COMMUNICATIONS]
    )
