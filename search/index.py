"""The portal's own Whoosh index under SEARCH_INDEX_DIR/portal, owned by this app.

Whoosh allows one writer at a time: every write goes through this module.
"""

from pathlib import Path

from django.conf import settings

from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, TEXT, Schema

SCHEMA = Schema(
    key=ID(stored=True, unique=True),
    kind=ID(stored=True),
    title=TEXT(stored=True, analyzer=StemmingAnalyzer()),
    body=TEXT(analyzer=StemmingAnalyzer()),
    url=ID(stored=True),
    audience=KEYWORD(stored=True, commas=True),
)


def index_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / "portal"


def create_empty() -> index.Index:
    """Create (or truncate to) an empty index with the current schema."""
    path = index_dir()
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(path, SCHEMA)


def open_index() -> index.Index:
    """Open the index; raises whoosh.index.EmptyIndexError if it was never built."""
    return index.open_dir(index_dir())


def is_reachable() -> bool:
    """True when the index exists and a searcher can be opened on it."""
    try:
        with open_index().searcher() as searcher:
            searcher.doc_count()
    except (OSError, index.EmptyIndexError):
        return False
    return True
