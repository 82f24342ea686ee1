"""The one way anything in Lodestar starts background work: `enqueue_after_commit`.

Requests run in one transaction (ATOMIC_REQUESTS), and so do services. A task enqueued inside
that transaction goes wrong on every backend: the ImmediateBackend runs it there and then, so the
response waits and whatever progress it records is invisible until the end; a worker may pick it
up before the rows it needs are committed, or run it for a change that is then rolled back.
So a task is enqueued once the transaction commits, and never if it rolls back.
"""

import logging
from datetime import timedelta
from typing import ParamSpec, TypeVar

from django.db import transaction
from django.utils import timezone

from django_tasks.base import Task

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


def enqueue_after_commit(task: Task[P, T], *args: P.args, **kwargs: P.kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` when the current transaction commits (at once outside one).

    A failure to enqueue is logged, not raised: the change it follows is already committed, and
    an error page would only make the person repeat it. What each task does about a lost enqueue
    is its own (search: `rebuild_search_index`; a matching run stays queued: start another).
    Work that talks to the outside and may fail retries with `retry_later`.
    """

    def enqueue() -> None:
        try:
            task.enqueue(*args, **kwargs)
        except Exception:
            logger.exception("Could not enqueue %s after commit", task.module_path)

    transaction.on_commit(enqueue)


# How long a task that failed waits before its next attempt: after the 1st, 2nd, 3rd and 4th
# failure. Work that talks to the outside (email) gives up after the last.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(BACKOFF) + 1


def retry_later(task: Task[P, T], failures: int, *args: P.args, **kwargs: P.kwargs) -> bool:
    """Enqueue `task` again after its `failures`-th failure, deferred by the backoff where the
    backend can defer (the database worker), at once where it cannot. False, and nothing
    enqueued, once `failures` reaches MAX_ATTEMPTS: the caller gives up."""
    if failures >= MAX_ATTEMPTS:
        return False
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + BACKOFF[failures - 1])
    enqueue_after_commit(task, *args, **kwargs)
    return True
