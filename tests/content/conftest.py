import pytest

from tests.content.factories import build_library


@pytest.fixture
def library(db):
    """(index, section): an empty library under the default site's root page."""
    return build_library()
