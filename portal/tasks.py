"""The one way anything in Lodestar starts background work: `enqueue_after_commit`.

Requests run in one transaction (ATOMIC_REQUESTS), and so do services. A task enqueued inside
that transaction goes wrong on every backend: the ImmediateBackend runs it there and then, so the
response waits and whatever progress it records is invisible until the end; a worker may pick it
up before the rows it needs are committed, or run it for a change that is then rolled back.
So a task is enqueued once the transaction commits, and never if it rolls back.
"""

import logging
from typing import ParamSpec, TypeVar

from django.db import transaction

from django_tasks.base import Task

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


def enqueue_after_commit(task: Task[P, T], *args: P.args, **kwargs: P.kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` when the current transaction commits (at once outside one).

    A failure to enqueue is logged, not raised: the change it follows is already committed, and
    an error page would only make the person repeat it. What each task does about a lost enqueue
    is its own (search: `rebuild_search_index`; a matching run stays queued: start another).
    """

    def enqueue() -> None:
        try:
            task.enqueue(*args, **kwargs)
        except Exception:
            logger.exception("Could not enqueue %s after commit", task.module_path)

    transaction.on_commit(enqueue)
