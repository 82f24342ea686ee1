import pytest

from search import tasks
from search.engines import get_engine
from tests.content.factories import build_library
from tests.forums.conftest import communities, questions  # noqa: F401 - the same fixtures


@pytest.fixture
def index(db):
    """The portal index rebuilt from the database as it is now (call again after changes)."""

    def rebuild():
        tasks.rebuild()
        return get_engine()

    rebuild()
    return rebuild


@pytest.fixture
def library(db):
    return build_library()


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the index updates a block of writes schedules (they run at commit in production)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
