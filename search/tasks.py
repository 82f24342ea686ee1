"""The one path by which the index follows the database: `schedule(keys)` after commit.

The task reads each object's current state (search.documents.load) and writes or deletes its
document, so updates may arrive late, twice or out of order and the index still ends up right.
It runs on the "search" queue: in the task worker (`manage.py db_worker`) by default, inline in
tests (docs/search.md). A failed update is enqueued again after each of SEARCH_RETRY_DELAYS
(backoff, in seconds), then given up with an error in the log (`rebuild_search_index` repairs).
"""

import logging
import threading
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from django_tasks import task

from portal.tasks import enqueue_after_commit
from search import documents
from search.engines import get_engine

logger = logging.getLogger(__name__)
_paused = 0


class paused:
    """Skip index updates (bulk seeding); rebuild the index afterwards."""

    def __enter__(self):
        global _paused
        _paused += 1

    def __exit__(self, *exc):
        global _paused
        _paused -= 1


# Reading the objects and writing their documents happen under one lock, so two updates of the
# same key in this process cannot write in the opposite order to their reads (a post read as
# approved, then deleted and removed, then the stale read written back).
_sync_lock = threading.Lock()


@task(queue_name="search")
def sync_documents(keys: list[str], attempt: int = 0) -> dict:
    try:
        with _sync_lock:
            found = documents.load(keys)
            upserts = [document for document in found.values() if document is not None]
            deletes = [key for key, document in found.items() if document is None]
            get_engine().apply(upserts, deletes)
    except Exception:
        # The index could not be written (disk full, engine down): try again later, reading
        # the objects afresh then, so the index still ends up as the database is.
        _retry(keys, attempt)
        raise
    return {"written": len(upserts), "deleted": len(deletes)}


def _retry(keys: list[str], attempt: int) -> None:
    delays = settings.SEARCH_RETRY_DELAYS
    if attempt >= len(delays):
        logger.error("Gave up updating %d search documents after %d attempts", len(keys), attempt)
        return
    retry = sync_documents
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + timedelta(seconds=delays[attempt]))
    logger.warning("Search index update failed; retry %d in %ss", attempt + 1, delays[attempt])
    try:
        retry.enqueue(keys, attempt + 1)
    except Exception:
        logger.exception("Could not enqueue the retry of a search index update")


def schedule(keys: Iterable[str]) -> None:
    """Bring the documents for `keys` up to date once the current transaction commits."""
    keys = sorted(set(keys))
    if not keys or _paused:
        return
    enqueue_after_commit(sync_documents, keys)


def rebuild() -> int:
    """Rebuild the whole index from the database; returns the number of documents."""
    return get_engine().rebuild(documents.every_document())
