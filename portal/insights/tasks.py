"""Background work for the HR import: checking and committing a file of 50,000 rows takes
seconds, so the staff screen enqueues them (portal.tasks.enqueue_after_commit) and shows the
import's progress while a worker runs them. This module calls hr_import; it never imports this."""

import logging

from django_tasks import task

from portal.insights import hr_import
from portal.insights.models import HRImport

logger = logging.getLogger(__name__)

FAILED = "The import stopped unexpectedly; the error is in the server log. Nothing was saved."


@task()
def check_hr_import(pk: int) -> None:
    """The dry run of an uploaded file."""
    try:
        hr_import.check(pk)
    except Exception:
        logger.exception("Checking HR import %s failed", pk)
        _fail(pk)


@task()
def commit_hr_import(pk: int, actor_id: int | None) -> None:
    """Save a checked file, all or nothing."""
    try:
        hr_import.commit(pk, actor_id)
    except Exception:
        logger.exception("Committing HR import %s failed", pk)
        _fail(pk)


def _fail(pk: int) -> None:
    HRImport.objects.filter(
        pk=pk, status__in=[HRImport.Status.CHECKING, HRImport.Status.COMMITTING]
    ).update(
        status=HRImport.Status.FAILED, report={"counts": {"errors": 1}, "errors": [[0, "", FAILED]]}
    )
