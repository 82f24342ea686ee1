"""The embedded SQLite default lets concurrent writers take turns instead of failing."""

import contextlib
import threading

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

import pytest

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite settings only",
)


def test_four_simultaneous_read_then_write_transactions_all_succeed(tmp_path, django_db_blocker):
    """Each writer reads, waits for the others to have read, then writes, as a request that
    posts a reply does. With deferred transactions every lock upgrade after the first fails at
    once with "database is locked"; IMMEDIATE makes them queue within the busy timeout."""
    django_db_blocker.unblock()  # a database of its own, outside the test database
    options = dict(settings.DATABASES["default"]["OPTIONS"])
    assert options["transaction_mode"] == "IMMEDIATE"
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "writers.sqlite3")}
    config["OPTIONS"] = options
    setup = DatabaseWrapper(config, alias="writers")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE reply (id INTEGER PRIMARY KEY, body TEXT)")
    setup.close()

    everyone_has_read = threading.Barrier(4, timeout=0.5)
    failures: list[BaseException] = []

    def post(number: int) -> None:
        alias = f"writer{number}"
        connections[alias] = DatabaseWrapper(config, alias=alias)  # this thread's own
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM reply")
                # Under IMMEDIATE the others queue behind us instead of reading beside us.
                with contextlib.suppress(threading.BrokenBarrierError):
                    everyone_has_read.wait()
                cursor.execute("INSERT INTO reply (body) VALUES (%s)", [f"reply {number}"])
        except BaseException as error:
            failures.append(error)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    check = DatabaseWrapper(config, alias="check")
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reply")
        assert cursor.fetchone()[0] == 4
    check.close()
    django_db_blocker.restore()
