"""The cast every test can call on: one person per role, like a small company."""

from django.core.cache import caches

import pytest
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from portal.people.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches, as it starts with an empty database: otherwise a
    test could read what an earlier one cached under ids the database has since given to other
    rows (rolled-back rows free their ids)."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def mentee(db):
    return UserFactory(
        email="amara@example.com", first_name="Amara", last_name="Okafor", roles=[Role.MENTEE]
    )


@pytest.fixture
def mentor(db):
    return UserFactory(
        email="daniel@example.com", first_name="Daniel", last_name="Hartmann", roles=[Role.MENTOR]
    )


@pytest.fixture
def programme_manager(db):
    return UserFactory(
        email="sofia@example.com",
        first_name="Sofia",
        last_name="Lindqvist",
        roles=[Role.PROGRAMME_MANAGER],
    )


@pytest.fixture
def moderator(db):
    return UserFactory(
        email="tomas@example.com", first_name="Tomás", last_name="Alvarez", roles=[Role.MODERATOR]
    )


@pytest.fixture
def sponsor(db):
    return UserFactory(
        email="james@example.com", first_name="James", last_name="Whitfield", roles=[Role.SPONSOR]
    )


@pytest.fixture
def communications(db):
    return UserFactory(
        email="mei@example.com", first_name="Mei", last_name="Chen", roles=[Role.COMMUNICATIONS]
    )


@pytest.fixture
def auditor(db):
    return UserFactory(
        email="grace@example.com", first_name="Grace", last_name="Okoro", roles=[Role.AUDITOR]
    )


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """Tasks stored in the database as in production, and the worker's own loop to run them.

    Returns `work()`, which runs every task waiting on any queue in this thread (the same loop
    `manage.py db_worker` runs) and returns how many it ran.
    """
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    # The worker closes "old" connections between tasks; in a test it shares the test's own
    # connection (inside its transaction), which PostgreSQL cannot then use again.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def work() -> int:
        waiting = DBTaskResult.objects.ready().count()
        Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="tests",
        ).run()
        return waiting - DBTaskResult.objects.ready().count()

    return work
