"""Wagtail's database search backend, safe with any text on SQLite.

Wagtail (through modelsearch) quotes each SQLite FTS5 term as `"term"` without doubling a `"`
inside it, so a lone `"` in the library's filter box or the page explorer's search was an
"unterminated string" error (500). On SQLite the terms lose their quotes first
(search/wagtail_sqlite.py); PostgreSQL and the fallback backend are used as Wagtail ships them.
"""

from django.db import connection

from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):
    """Wagtail's choice of database backend, with the quote-safe compilers on SQLite."""
    backend = database_backend(params)
    if connection.vendor == "sqlite":
        from search.wagtail_sqlite import make_quote_safe

        make_quote_safe(backend)
    return backend
