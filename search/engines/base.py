"""What every search engine offers: the documents of search.documents in, ranked hits out.

settings.SEARCH_ENGINE names the class (search.engines.get_engine makes one per process): Whoosh,
PostgreSQL full-text search or Elasticsearch/OpenSearch.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.documents import Document

FACETS = ("type", "competency", "community")  # in the order the results page shows them
# Fewer results than this and the engine looks for a spelling correction (search.service then
# shows the corrected words' results if they find more).
FEW_RESULTS = 3
NOT_UNDERSTOOD = "That search could not be understood. Try plain words."
UNAVAILABLE = "Search is unavailable for a moment. Please try again shortly."
ONLY_COMMON_WORDS = (
    "Those words are too common to search on their own. Add a more specific word, or put a "
    "phrase in quotes."
)


WORD_PUNCTUATION = "\"'()+-*.,;:!?"


def _split(text: str) -> list[tuple[str, str, str]]:
    """Each word of `text` as (leading punctuation, the word, trailing punctuation)."""
    parts = []
    for word in text.split():
        bare = word.strip(WORD_PUNCTUATION)
        start = word.find(bare)
        parts.append((word[:start], bare, word[start + len(bare) :]))
    return parts


def spelling_words(text: str) -> list[str]:
    """The words of `text` a spelling correction may replace, as engines index them: lower
    case, letters only, each once, in order."""
    return list(dict.fromkeys(bare.lower() for _, bare, _ in _split(text) if bare.isalpha()))


def respell(text: str, corrections: dict[str, str]) -> str:
    """`text` with the words of `corrections` ({spelling_words word: better word}) replaced,
    quotes and signs kept as typed; "" when nothing changes."""
    if not corrections:
        return ""
    return " ".join(
        f"{before}{corrections.get(bare.lower(), bare)}{after}"
        for before, bare, after in _split(text)
    )


@dataclass(frozen=True)
class SearchQuery:
    text: str  # already cleaned by search.service.clean_query (not empty, at most 200 characters)
    scope: frozenset[str]  # access tokens the reader holds (search.access.reader_scope)
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> chosen value
    page: int = 1
    per_page: int = 10


@dataclass
class Hit:
    key: str
    kind: str
    type_label: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text, matched words in <mark> (the text's start if none)
    community: str = ""
    competencies: tuple[str, ...] = ()
    matches: int = 1  # documents of the hit's group that matched (a topic's matching posts)


@dataclass
class SearchResults:
    hits: list[Hit]  # one per group (search.documents.Document.group), the best match of each
    total: int  # groups, not documents: what the reader counts as results
    facets: dict[str, list[tuple[str, int]]]  # facet -> [(value, count)], most frequent first
    suggestion: str = ""  # "did you mean", as query text ("" when none; only Whoosh suggests)
    notice: str = ""  # why there are no results although the reader typed something

    @classmethod
    def empty(cls, notice: str = "") -> "SearchResults":
        return cls([], 0, {name: [] for name in FACETS}, notice=notice)


class Engine(ABC):
    """One index of search.documents; the portal writes to it only through search.tasks."""

    @abstractmethod
    def rebuild(self, documents: Iterable[Document]) -> int:
        """Replace the whole index with `documents`, searches answering from the old one until
        the new one is complete; returns how many were written."""

    @abstractmethod
    def apply(self, upserts: list[Document], deletes: list[str]) -> None:
        """Write or replace `upserts` and remove the documents with keys in `deletes`. A write
        that fails raises; Whoosh, when its index was never built, logs a warning and drops it
        (rebuild_search_index creates the index)."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Page `query.page` of the hits the scope allows, one per group (a discussion's posts
        are one hit), best first; `total` counts the groups. Each facet counts the allowed
        groups within the other facets' chosen values, so a reader can switch a value. An empty
        scope finds nothing; words the engine cannot search come back as a `notice`, not an
        exception."""

    @abstractmethod
    def is_reachable(self) -> bool:
        """True when the index exists and can be searched (/healthz asks)."""

    @abstractmethod
    def keys(self) -> set[str]:
        """The keys of the documents in the index, for tests to compare with the database
        (Elasticsearch returns at most 10,000)."""
