"""The one path by which the index follows the database: `schedule(keys)` after commit.

The task reads each object's current state (search.documents.load) and writes or deletes its
document, so updates may arrive late, twice or out of order and the index still ends up right.
It runs on the "search" queue: in the task worker (`manage.py db_worker`) by default, inline in
tests (docs/search.md).
"""

import threading
from collections.abc import Iterable

from django_tasks import task

from portal.tasks import enqueue_after_commit
from search import documents
from search.engines import get_engine

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
def sync_documents(keys: list[str]) -> dict:
    with _sync_lock:
        found = documents.load(keys)
        upserts = [document for document in found.values() if document is not None]
        deletes = [key for key, document in found.items() if document is None]
        get_engine().apply(upserts, deletes)
    return {"written": len(upserts), "deleted": len(deletes)}


def schedule(keys: Iterable[str]) -> None:
    """Bring the documents for `keys` up to date once the current transaction commits."""
    keys = sorted(set(keys))
    if not keys or _paused:
        return
    enqueue_after_commit(sync_documents, keys)


def rebuild() -> int:
    """Rebuild the whole index from the database; returns the number of documents."""
    return get_engine().rebuild(documents.every_document())
