"""A django-tasks backend that runs tasks on one background thread of the process.

For work that must not hold up the response and may be repeated safely (the search index
follows the database this way): the request returns at once and the thread catches up within
moments. Tasks are kept in memory, so a process that dies loses the ones it had not run; the
search index is repaired by `rebuild_search_index`. A deployment that wants durable queues
points the "search" backend at a queue backend instead (docs/search.md).
"""

import logging
import queue
import threading

from django.db import close_old_connections, connections

from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)


# One queue and one worker thread per backend alias and process, whatever the number of backend
# instances (django-tasks makes one per thread that asks): tasks run one at a time, in the order
# they were enqueued in this process.
_queues: dict[str, queue.Queue] = {}
_workers: dict[str, threading.Thread] = {}
_start_lock = threading.Lock()


class ThreadBackend(ImmediateBackend):
    supports_async_task = False

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        with _start_lock:
            self._queue: queue.Queue = _queues.setdefault(alias, queue.Queue())

    def _ensure_worker(self) -> None:
        with _start_lock:
            worker = _workers.get(self.alias)
            if worker is None or not worker.is_alive():  # none yet, or this is a forked child
                worker = threading.Thread(
                    target=self._work, name=f"tasks-{self.alias}", daemon=True
                )
                _workers[self.alias] = worker
                worker.start()

    def _work(self) -> None:
        while True:
            task_result = self._queue.get()
            try:
                close_old_connections()
                self._execute_task(task_result)
                if task_result.errors:
                    logger.error(
                        "task %s failed: %s",
                        task_result.task.name,
                        task_result.errors[-1].traceback,
                    )
            except Exception:
                logger.exception("task runner failed")
            finally:
                connections.close_all()
                self._queue.task_done()

    def enqueue(self, task, args, kwargs):
        from django_tasks.base import TaskResult, TaskResultStatus
        from django_tasks.utils import get_random_id

        self.validate_task(task)
        task_result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        self._ensure_worker()
        self._queue.put(task_result)
        return task_result

    def join(self) -> None:
        """Wait until every task enqueued so far has run (tests, management commands)."""
        self._queue.join()
