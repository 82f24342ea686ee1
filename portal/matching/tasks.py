"""Background work for matching: computing a run takes seconds for a large cohort, so the admin
starts it with `services.run_matching(..., background=execute_run)` and a task worker computes it.

The run records its own progress (each step commits on its own), so the admin page shows it
while the worker computes. This module calls services; services never import it.
"""

import logging

from django_tasks import task

from portal.matching import services
from portal.matching.models import MatchRun

logger = logging.getLogger(__name__)


@task()
def execute_run(run_id: int) -> None:
    """Compute a queued run; on any error the run is marked failed with a readable message."""
    run = MatchRun.objects.select_related("cohort__cycle__programme").get(pk=run_id)
    if run.status != MatchRun.Status.QUEUED:
        return
    try:
        services.compute_run(run)
    except Exception:
        logger.exception("Matching run %s failed", run_id)
        MatchRun.objects.filter(pk=run_id).update(
            status=MatchRun.Status.FAILED,
            message="The run failed unexpectedly; the error is in the server log. Try again.",
        )
