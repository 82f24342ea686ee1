"""System checks: a SEARCH_ENGINE that cannot work stops `check`, `migrate` and `runserver` with
a clear message, instead of the first search failing in front of a reader."""

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from search.engines import DEFAULT_ENGINE
from search.engines.base import Engine
from search.engines.postgres import PostgresEngine, database_errors


@checks.register("search")
def check_search_engine(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    path = getattr(settings, "SEARCH_ENGINE", DEFAULT_ENGINE)
    hint = "SEARCH_ENGINE names an engine class; docs/search.md lists them."
    try:
        engine = import_string(path)
    except ImportError as error:
        return [
            checks.Error(
                f"SEARCH_ENGINE {path!r} cannot be imported: {error}", hint=hint, id="search.E001"
            )
        ]
    if not (isinstance(engine, type) and issubclass(engine, Engine)):
        return [
            checks.Error(
                f"SEARCH_ENGINE {path!r} is not a search engine class.", hint=hint, id="search.E002"
            )
        ]
    if issubclass(engine, PostgresEngine):
        return database_errors()
    return []
