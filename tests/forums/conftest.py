import pytest

from forums import services
from forums.models import Community


@pytest.fixture
def communities(db):
    """The standard communities, by kind."""
    return {c.kind: c for c in services.ensure_standard_communities()}


@pytest.fixture
def questions(communities):
    return communities[Community.Kind.QUESTIONS]


@pytest.fixture
def mentor_forum(communities):
    return communities[Community.Kind.MENTORS]


@pytest.fixture
def alumni_forum(communities):
    return communities[Community.Kind.ALUMNI]
