"""The one entry point the pages use: check the reader's words, scope them, ask the engine.

A search that finds almost nothing, when the engine knows a better spelling, answers for the
corrected words at once ("Showing results for X. Search instead for Y"); `exact` turns that off.
"""

from dataclasses import dataclass, replace

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from search.access import reader_scope
from search.engines import get_engine
from search.engines.base import FACETS, FEW_RESULTS, Engine, SearchQuery, SearchResults

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
    query: str  # the words the results are for
    corrected_from: str = ""  # the words typed, when the results are for their correction

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.results.total // self.per_page)))


def search_for(
    user: AbstractBaseUser | AnonymousUser,
    text: str,
    filters: dict[str, str] | None = None,
    page: int = 1,
    *,
    exact: bool = False,
) -> Outcome:
    """Results `user` may open for `text` (already cleaned by clean_query), or for its
    correction when `text` finds fewer than FEW_RESULTS and the correction finds more (unless
    `exact`). The correction is the engine's, from words of documents in the reader's scope."""
    filters = {name: value for name, value in (filters or {}).items() if name in FACETS and value}
    page = min(max(1, page), MAX_PAGE)
    query = SearchQuery(
        text=text, scope=reader_scope(user), filters=filters, page=page, per_page=PER_PAGE
    )
    return answer(get_engine(), query, exact=exact)


def answer(engine: Engine, query: SearchQuery, *, exact: bool = False) -> Outcome:
    """The engine's results for `query`, or for its correction (see search_for)."""
    results = engine.search(query)
    suggestion = results.suggestion
    if not exact and suggestion and suggestion != query.text and results.total < FEW_RESULTS:
        corrected = engine.search(replace(query, text=suggestion))
        if corrected.total > results.total:
            return Outcome(corrected, query.page, query.per_page, suggestion, query.text)
    return Outcome(results, query.page, query.per_page, query.text)
