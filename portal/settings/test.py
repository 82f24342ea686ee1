"""Test settings: fast, isolated, no network.

The search index and media go to a temporary folder per run; DATABASE_URL still selects the
database, so the same suite runs on SQLite and on PostgreSQL.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from portal.settings.base import *  # noqa: F403
from portal.settings.base import DATABASES, PRIVATE_STORAGE, STORAGES, TASK_QUEUES
from portal.settings.env import fail_safe

_TMP = Path(tempfile.mkdtemp(prefix="lodestar-test-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)

DEBUG = False
# Live-server threads must not keep connections open, or PostgreSQL cannot drop the test DB.
DATABASES["default"]["CONN_MAX_AGE"] = 0
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "lodestar.test"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": fail_safe({"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}),
    "machina_attachments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "attachments",
    },
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = _TMP / "static"
STATIC_ROOT.mkdir()
MEDIA_ROOT = _TMP / "media"
STORAGES = {**STORAGES, "private": {**PRIVATE_STORAGE, "OPTIONS": {"location": _TMP / "private"}}}
SEARCH_INDEX_DIR = _TMP / "search"
# Tasks run inline when their transaction commits, so a test sees their effect right after it
# writes (and TASK_BACKEND in a developer's shell never changes what the suite runs). The browser
# test of the worker switches to the database backend for itself (tests/browser/test_worker.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# axes must be exercised by the throttling tests, so it stays on; it counts per test database.
AXES_ENABLED = True
LODESTAR_DEMO_ALLOWED = True
