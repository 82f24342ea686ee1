"""Background work for matching: a run of a large cohort takes seconds, so it is a task.

In dev and tests the ImmediateBackend runs it inline; in production a db_worker picks it up.
The run records its own progress, so the admin page can show it while the task works.
"""

import logging

from django_tasks import task

from portal.matching.models import MatchRun

logger = logging.getLogger(__name__)


@task()
def execute_run(run_id: int) -> None:
    """Compute a queued run; on any error the run is marked failed with a readable message."""
    from portal.matching.services import compute_run

    run = MatchRun.objects.select_related("cohort__cycle__programme").get(pk=run_id)
    if run.status != MatchRun.Status.QUEUED:
        return
    try:
        compute_run(run)
    except Exception:
        logger.exception("Matching run %s failed", run_id)
        MatchRun.objects.filter(pk=run_id).update(
            status=MatchRun.Status.FAILED,
            message="The run failed unexpectedly; the error is in the server log. Try again.",
        )
