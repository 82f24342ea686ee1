"""Benchmark settings: the test settings against a throwaway SQLite file, with DEBUG off.

The test settings bring the fast password hasher, locmem caches and email and a temporary search
index. bench/harness.py names the database file in the environment; without it these settings
refuse to load, so a benchmark can never write into var/lodestar.sqlite3 or DATABASE_URL.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from bench import DB_ENV_VAR, SEARCH_PG_ALIAS, SEARCH_PG_ENV_VAR
from portal.settings.env import env
from portal.settings.test import *  # noqa: F403
from portal.settings.test import VAR_DIR

_BENCH_DB = os.environ.get(DB_ENV_VAR, "")
if not _BENCH_DB:
    raise ImproperlyConfigured(
        f"bench.settings needs {DB_ENV_VAR} (a throwaway SQLite file); run bench/pages.py."
    )
if Path(_BENCH_DB).resolve() == (VAR_DIR / "lodestar.sqlite3").resolve():
    raise ImproperlyConfigured("The benchmarks never use the development database.")

DEBUG = False
ROOT_URLCONF = "bench.urls"
LODESTAR_DEMO_ALLOWED = True
# The same SQLite options as base.py, so the figures match a laptop or a small deployment.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _BENCH_DB,
        "ATOMIC_REQUESTS": True,
        "CONN_MAX_AGE": 0,
        "OPTIONS": {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    },
}
# Only bench/search.py sets this: a PostgreSQL database it created for the run and drops after.
if os.environ.get(SEARCH_PG_ENV_VAR):
    DATABASES[SEARCH_PG_ALIAS] = env.db_url(SEARCH_PG_ENV_VAR)
