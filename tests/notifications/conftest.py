from tests.forums.conftest import communities, mentor_forum, questions  # noqa: F401
