"""Search engines behind search/: chosen by settings.SEARCH_ENGINE (a dotted class path).

`search.engines.whoosh.WhooshEngine` (default, files under SEARCH_INDEX_DIR),
`search.engines.postgres.PostgresEngine` (PostgreSQL full-text search in the portal's database)
and `search.engines.elasticsearch.ElasticsearchEngine` (Elasticsearch or OpenSearch over HTTP).
docs/search.md says when to choose which and how to configure them.
"""

import functools

from django.conf import settings
from django.utils.module_loading import import_string

from search.engines.base import Engine

DEFAULT_ENGINE = "search.engines.whoosh.WhooshEngine"


@functools.cache
def _engine(path: str) -> Engine:
    return import_string(path)()


def get_engine() -> Engine:
    """The configured engine (one instance per process and setting)."""
    return _engine(getattr(settings, "SEARCH_ENGINE", DEFAULT_ENGINE))
