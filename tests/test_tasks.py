"""Background work starts only for changes that are committed: `enqueue_after_commit`.

These tests commit for real (transactional database), with tasks stored in the database as in
production, so what a worker would find is exactly what is in the task table.
"""

from unittest import mock

from django.contrib.auth.models import Group
from django.db import transaction

import pytest
from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from portal.tasks import enqueue_after_commit

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def note(text: str, *, loud: bool = False) -> str:
    return text.upper() if loud else text


class Rollback(Exception):
    pass


def waiting() -> list[tuple[list, dict]]:
    return [(r.args_kwargs["args"], r.args_kwargs["kwargs"]) for r in DBTaskResult.objects.all()]


def test_a_task_is_enqueued_once_when_the_transaction_commits(database_tasks):
    with transaction.atomic():
        enqueue_after_commit(note, "hello", loud=True)
        assert waiting() == []  # not while the change it follows is uncommitted
    assert waiting() == [(["hello"], {"loud": True})]
    assert database_tasks() == 1
    assert DBTaskResult.objects.get().return_value == "HELLO"


def test_nothing_is_enqueued_when_the_transaction_rolls_back(database_tasks):
    with pytest.raises(Rollback), transaction.atomic():
        enqueue_after_commit(note, "never")
        raise Rollback
    assert waiting() == []


def test_a_rolled_back_savepoint_enqueues_nothing_though_the_rest_commits(database_tasks):
    with transaction.atomic():
        enqueue_after_commit(note, "kept")
        with pytest.raises(Rollback), transaction.atomic():
            enqueue_after_commit(note, "dropped")
            raise Rollback
    assert waiting() == [(["kept"], {})]


def test_outside_a_transaction_the_task_is_enqueued_at_once(database_tasks):
    enqueue_after_commit(note, "now")
    assert waiting() == [(["now"], {})]


def test_a_failed_enqueue_is_logged_and_the_committed_change_stands(database_tasks, caplog):
    with (
        mock.patch.object(DatabaseBackend, "enqueue", side_effect=RuntimeError("queue down")),
        transaction.atomic(),
    ):
        # A model Wagtail keeps no reference index for: its own save-time task would meet the
        # broken queue first (Wagtail enqueues at once, not after commit).
        Group.objects.create(name="Night shift")
        enqueue_after_commit(note, "lost")
    assert Group.objects.filter(name="Night shift").exists()
    assert "Could not enqueue tests.test_tasks.note after commit" in caplog.text
    assert waiting() == []
