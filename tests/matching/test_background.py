"""A run started in the background: queued at once, computed by the task worker after commit,
with its progress recorded on the run; a failure in the worker is a failed run, not a stuck one."""

import pytest

from portal.matching import engine, services, tasks
from portal.matching.models import MatchRun
from tests.matching.factories import cohort_with_people


@pytest.fixture
def cohort(db):
    cohort, _mentees, _mentors = cohort_with_people(mentees=3, mentors=1, capacity=2)
    return cohort


def test_a_background_run_is_queued_and_the_worker_computes_it_after_commit(
    cohort, programme_manager, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as enqueues:
        run = services.run_matching(cohort, programme_manager, background=tasks.execute_run)
        assert run.status == MatchRun.Status.QUEUED and run.progress == 0
    assert len(enqueues) == 1
    run.refresh_from_db()
    assert run.status == MatchRun.Status.QUEUED  # stored for the worker, not run here

    assert database_tasks() == 1
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.progress == 100
    assert run.matched_count == 2 and run.pairs.count() == 2


def test_the_worker_records_progress_as_it_goes(
    cohort, programme_manager, database_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    solve = engine.solve

    def solve_and_look(*args, **kwargs):
        run = MatchRun.objects.get()
        seen.append((run.status, run.progress, run.progress_note))
        return solve(*args, **kwargs)

    monkeypatch.setattr(engine, "solve", solve_and_look)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_matching(cohort, programme_manager, background=tasks.execute_run)
    database_tasks()
    assert seen == [(MatchRun.Status.RUNNING, 60, "Finding the best pairing")]


def test_a_run_that_fails_in_the_worker_is_marked_failed_with_a_message(
    cohort, programme_manager, database_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(engine, "solve", lambda *a, **k: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_matching(cohort, programme_manager, background=tasks.execute_run)
    database_tasks()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert "failed unexpectedly" in run.message
    assert run.pairs.count() == 0


def test_a_run_no_longer_queued_is_left_alone_by_a_late_task(cohort, programme_manager):
    run = services.run_matching(cohort, programme_manager)  # computed here, inline
    pairs = set(run.pairs.values_list("pk", flat=True))
    tasks.execute_run.call(run.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert set(run.pairs.values_list("pk", flat=True)) == pairs


def test_without_a_task_the_run_is_computed_inline(cohort, programme_manager, database_tasks):
    run = services.run_matching(cohort, programme_manager)
    assert run.status == MatchRun.Status.DONE
    assert database_tasks() == 0
