"""A matching run started in the admin returns at once; the task worker, a process of its own,
computes it while the page shows how far it has got, and the page then shows the proposal."""

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from django.db import connection

import pytest
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from portal.matching.models import MatchRun
from portal.people.roles import Role
from portal.people.services import ensure_roles
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory
from tests.matching.factories import cohort_with_people

ROOT = Path(__file__).resolve().parents[2]
WORKER_ID = "browser-test-worker"
# The worker starts a Django process of its own on a busy 2-core machine: be patient.
PATIENCE_MS = 60_000


def _database_url(database: dict) -> str:
    """The live server's test database as a DATABASE_URL, for the worker process."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user = quote(database["USER"] or "")
    if database.get("PASSWORD"):
        user += f":{quote(database['PASSWORD'])}"
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{database['NAME']}"


@pytest.fixture
def task_worker(live_server, settings, tmp_path):
    """Tasks stored in the database, as in production, and `manage.py db_worker` running them in
    another process (tests/browser/worker.py); it holds a matching run before solving until
    `release()` is called."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        reason = "the worker needs the test database in a file: run tests/browser on its own"
        if os.environ.get("LODESTAR_REQUIRE_BROWSER") == "1":  # CI: never skip silently
            pytest.fail(reason)
        pytest.skip(reason)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    gate, log_path = tmp_path / "let-it-solve", tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own module, our own arguments
            [
                sys.executable,
                "-m",
                "tests.browser.worker",
                str(gate),
                # Matching only: the worker's search index is not the live server's.
                "--queue-name=default",
                "--interval=0.2",
                "--no-startup-delay",
                "--no-reload",
                f"--worker-id={WORKER_ID}",
            ],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": _database_url(connection.settings_dict)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    yield SimpleNamespace(release=gate.touch, process=process)
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    print(log_path.read_text())  # shown when the test fails


def test_a_run_started_in_the_admin_returns_at_once_and_shows_the_workers_progress(
    browser, live_server, task_worker
):
    ensure_roles()
    manager = UserFactory(
        email="sofia@example.com",
        first_name="Sofia",
        last_name="Lindqvist",
        roles=[Role.PROGRAMME_MANAGER],
    )
    cohort, _mentees, _mentors = cohort_with_people(
        mentees=3, mentors=2, capacity=2, managers=[manager]
    )

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(page, f"{live_server.url}/admin/matching/", manager.email)
    page.get_by_label("Cohort").select_option(str(cohort.pk))
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_url("**/admin/matching/runs/*/")

    # The page is back while the worker is held before solving, so it did not wait for the run.
    status = page.locator(".run-status")
    expect(status).to_have_text(re.compile(r"^(Queued|Running)$"))
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_text("This page refreshes itself.")).to_be_visible()

    # The worker has taken the run; the page, refreshing itself, shows where it has got to.
    expect(page.get_by_text("60% · Finding the best pairing")).to_be_visible(timeout=PATIENCE_MS)
    expect(status).to_have_text("Running")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "matching-run-in-progress.png"), full_page=True)
    assert task_worker.process.poll() is None

    task_worker.release()
    expect(status).to_have_text("Ready for review", timeout=PATIENCE_MS)
    expect(page.get_by_role("heading", name="Proposed pairs (3)")).to_be_visible()
    expect(page.get_by_role("button", name="Publish 3 pairs…")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)

    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.DONE and run.matched_count == 3
    computed = DBTaskResult.objects.get(task_path="portal.matching.tasks.execute_run")
    assert computed.status == "SUCCESSFUL" and computed.worker_ids == [WORKER_ID]
