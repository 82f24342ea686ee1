"""Quote-safe query compilers for Wagtail's SQLite FTS5 backend (see search/wagtail_backend.py).

Imported only on SQLite: modelsearch defines the SQLite index model only there."""

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


def make_quote_safe(backend) -> None:
    """Give `backend` the quote-safe compilers if it is the SQLite FTS5 backend."""
    if isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = QueryCompiler
        backend.autocomplete_query_compiler_class = AutocompleteQueryCompiler
