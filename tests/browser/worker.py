"""A real task worker for browser tests: `manage.py db_worker` in a process of its own.

    DATABASE_URL=<the live server's test database> python -m tests.browser.worker GATE [options]

Test settings, except that tasks are stored in the database as in production. A matching run
that this worker computes waits before solving until the file GATE exists, so a test can watch
the run's progress in the admin at a known step and then let it finish. Options go to db_worker.
"""

import os
import sys
import time
from pathlib import Path

GATE_TIMEOUT_SECONDS = 60


def main(gate: Path, options: list[str]) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from portal.matching import engine

    solve = engine.solve

    def solve_when_let_through(*args, **kwargs):
        deadline = time.monotonic() + GATE_TIMEOUT_SECONDS
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return solve(*args, **kwargs)

    engine.solve = solve_when_let_through
    database_tasks = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    with override_settings(TASKS=database_tasks):
        call_command("db_worker", *options)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
