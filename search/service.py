"""The one entry point the pages use: check the reader's words, scope them, ask the engine."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from search.access import reader_scope
from search.engines import get_engine
from search.engines.base import FACETS, SearchQuery, SearchResults

MAX_QUERY_CHARACTERS = 200
PER_PAGE = 10
MAX_PAGE = 50  # deeper than this nobody reads; it also bounds the work a request can ask for


class QueryRefused(ValueError):
    """The words cannot be searched; the message says why, for the reader."""


def clean_query(text: str | None) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise QueryRefused("Type a word or two to search for.")
    if len(text) > MAX_QUERY_CHARACTERS:
        raise QueryRefused(
            f"That search is {len(text):,} characters long. Shorten it to "
            f"{MAX_QUERY_CHARACTERS} characters or fewer: a few distinctive words work best."
        )
    return text


@dataclass
class Outcome:
    results: SearchResults
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.results.total // self.per_page)))


def search_for(
    user: AbstractBaseUser | AnonymousUser,
    text: str,
    filters: dict[str, str] | None = None,
    page: int = 1,
) -> Outcome:
    """Results `user` may open for `text` (already cleaned by clean_query)."""
    filters = {name: value for name, value in (filters or {}).items() if name in FACETS and value}
    page = min(max(1, page), MAX_PAGE)
    query = SearchQuery(
        text=text, scope=reader_scope(user), filters=filters, page=page, per_page=PER_PAGE
    )
    return Outcome(get_engine().search(query), page, PER_PAGE)
