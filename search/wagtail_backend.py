"""Wagtail's database search backend, safe with any text on SQLite.

Wagtail (through modelsearch) quotes each SQLite FTS5 term as `"term"` without doubling a `"`
inside it, so a lone `"` in the library's filter box or the page explorer's search was an
"unterminated string" error (500). Quotes are dropped from the terms before they are quoted;
PostgreSQL (and the fallback backend) are used as Wagtail ships them.
"""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.sqlite.query import normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText


def _without_quotes(query):
    if isinstance(query, PlainText):
        return PlainText(query.query_string.replace('"', " "), query.operator, query.boost)
    if isinstance(query, Phrase):
        return Phrase(query.query_string.replace('"', " "))
    return query


class QuoteSafeMixin:
    """Terms without `"`; a query of nothing but quotes finds nothing (not an empty MATCH)."""

    def search(self, config, start, stop, score_field=None):
        query = _without_quotes(normalize(self.query))
        if isinstance(query, PlainText | Phrase) and not query.query_string.split():
            return self.queryset.none()
        return super().search(config, start, stop, score_field)

    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(_without_quotes(query), config)


class QueryCompiler(QuoteSafeMixin, SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(QuoteSafeMixin, SQLiteAutocompleteQueryCompiler):
    pass


def SearchBackend(params):
    """Wagtail's choice of database backend, with the quote-safe compilers on SQLite."""
    backend = database_backend(params)
    if isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = QueryCompiler
        backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
    return backend
