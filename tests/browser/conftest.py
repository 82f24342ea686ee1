"""Browser tests drive Debian's headless Chromium through real pages served by live_server.

Without /usr/bin/chromium they skip, unless LODESTAR_REQUIRE_BROWSER=1 (CI sets it), where a
missing browser is a failure.

Every page a test opens through `page` (or another person's page from `new_page`) is checked
by axe-core before the test leaves it, and once more as it is when the test ends; a serious or
critical violation fails the test (tests/browser/axe.py). `assert_accessible(page)` checks a
state in between, such as an open menu.
"""

import os
from pathlib import Path

import pytest

from tests.browser.axe import AxeWatch, report

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


AXE_WATCH = pytest.StashKey[AxeWatch]()


@pytest.fixture(autouse=True)
def axe_watch(request, context):
    """Check with axe-core every page opened in this test's browser context (and in the contexts
    `new_page` adds); the verdict is given after the test's body (pytest_runtest_call)."""
    watch = AxeWatch()
    watch.attach(context)
    request.node.stash[AXE_WATCH] = watch
    yield watch
    watch.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test that passed fails after all when a page it opened is not accessible."""
    result = yield
    watch = item.stash.get(AXE_WATCH, None)
    if watch is not None:
        watch.finish()
        if watch.violations:
            pytest.fail(report(watch.violations), pytrace=False)
    return result


@pytest.fixture
def new_page(browser, browser_context_args, axe_watch):
    """Another person's page, in a browser context of its own (cookies apart), watched by axe."""
    contexts = []

    def open_page(**context_args):
        context = browser.new_context(**{**browser_context_args, **context_args})
        contexts.append(axe_watch.attach(context))
        return context.new_page()

    yield open_page
    axe_watch.stop()
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under var/screenshots/ and return its path."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
