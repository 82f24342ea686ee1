"""Browser tests drive Debian's headless Chromium through real pages served by live_server.

Without /usr/bin/chromium they skip, unless LODESTAR_REQUIRE_BROWSER=1 (CI sets it), where a
missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API leaves an event loop running in the main thread for the rest of the
# session (its browser fixture is session-scoped), so Django's async guard would refuse every
# later ORM call. The calls are synchronous and safe; the guard is lifted for the test process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [item for item in items if here in Path(item.fspath).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        # live_server needs committed data, so these tests flush the database afterwards;
        # serialized_rollback restores what migrations put there (the competency taxonomy,
        # formats, languages, Wagtail's root page) for the next test.
        item.add_marker(
            pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
        )
    if CHROMIUM.exists():
        return
    if os.environ.get("LODESTAR_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Chromium is required but {CHROMIUM} does not exist.")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """SQLite's test database in a file, not in memory: a task worker that a test starts is a
    process of its own and must open the same database (tests/browser/test_worker.py)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under var/screenshots/ and return its path."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
