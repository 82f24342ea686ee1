"""The shared page-benchmark harness: throwaway demo databases, pages timed in-process.

`run(pages)` migrates once into a template SQLite file in a temporary folder, copies it for each
demo scale, seeds it with `seed_demo(scale=N)` (plus an optional `extra_seed(scale)`), then times
every page and the bare `base.html` baseline with a warm `django.test.Client`. `main(pages, doc)`
is the command line every bench/*.py script shares. Nothing here touches var/lodestar.sqlite3:
Django is set up with bench.settings, which only accepts the file this module names.
"""

import argparse
import contextlib
import gc
import json
import logging
import math
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import DB_ENV_VAR

REPO_ROOT = Path(__file__).resolve().parents[1]
SETTINGS_MODULE = "bench.settings"
DEFAULT_SCALES = (1, 10)
DEFAULT_REQUESTS = 30
DEFAULT_WARMUP = 3
# The backend a real sign-in records in the session: axes and rules only vet, allauth loads users.
LOGIN_BACKEND = "portal.people.auth.AllauthBackend"

logger = logging.getLogger("bench")

Measurement = dict[str, float | int]
ExtraSeed = Callable[[int], None]


@dataclass(frozen=True)
class Page:
    """A page to time: a GET of `path`, signed in as `login_email` when given."""

    name: str
    path: str
    login_email: str | None = None


BASELINE = Page("baseline", "/_bench/baseline/")


class BenchError(RuntimeError):
    """A page did not answer as a benchmark needs (a redirect or an error is not a timing)."""


# --- statistics -------------------------------------------------------------------------------


def median(samples: Sequence[float]) -> float:
    """The median of `samples`; an empty list is an error, not zero."""
    if not samples:
        raise ValueError("median of no samples")
    return float(statistics.median(samples))


def percentile(samples: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least pct% of samples <= it."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 < pct <= 100:
        raise ValueError("pct must be in (0, 100]")
    ordered = sorted(samples)
    rank = math.ceil(pct / 100 * len(ordered))
    return float(ordered[rank - 1])


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile by nearest rank (with 30 samples, the second slowest)."""
    return percentile(samples, 95)


# --- measuring one page -----------------------------------------------------------------------


def _get(client: Client, path: str, expect_status: int) -> None:
    response = client.get(path)
    if response.status_code != expect_status:
        raise BenchError(f"GET {path} answered {response.status_code}, expected {expect_status}")


def measure(
    client: Client,
    path: str,
    requests: int = DEFAULT_REQUESTS,
    warmup: int = DEFAULT_WARMUP,
    expect_status: int = 200,
) -> Measurement:
    """Time `requests` GETs of `path` after `warmup` untimed ones; count one request's queries.

    The queries are counted on a separate, untimed request: capturing SQL forces Django's debug
    cursor, which would slow the timed ones. Every response must have `expect_status`.
    """
    if requests < 1:
        raise ValueError("requests must be at least 1")
    for _ in range(warmup):
        _get(client, path, expect_status)
    with CaptureQueriesContext(connection) as captured:
        _get(client, path, expect_status)
    # Count now: captured_queries slices the live log, which each later request clears.
    queries = len(captured.captured_queries)
    gc.collect()
    timings_ms = []
    for _ in range(requests):
        start = time.perf_counter()
        _get(client, path, expect_status)
        timings_ms.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(median(timings_ms), 3),
        "p95_ms": round(p95(timings_ms), 3),
        "queries": queries,
    }


# --- Django and the throwaway databases -------------------------------------------------------


def setup_django(database: Path) -> None:
    """Set Django up with bench.settings on `database`, or check it already runs on them."""
    from django.apps import apps

    if not apps.ready:
        if str(REPO_ROOT) not in sys.path:
            sys.path.insert(0, str(REPO_ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        os.environ[DB_ENV_VAR] = str(database)
        import django

        django.setup()
    from django.conf import settings

    if settings.SETTINGS_MODULE != SETTINGS_MODULE:
        raise RuntimeError(
            f"run() needs {SETTINGS_MODULE}, not {settings.SETTINGS_MODULE}: it would seed and "
            "time pages against that project's database"
        )


def use_database(database: Path) -> None:
    """Point the default connection at `database` (the next query opens it)."""
    from django.conf import settings

    close_connections()
    connection.settings_dict["NAME"] = str(database)
    settings.DATABASES["default"]["NAME"] = str(database)


def _copy_database(source: Path, target: Path) -> None:
    # SQLite's backup API copies a consistent snapshot, WAL included, unlike a file copy.
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _migrate_template(template: Path) -> None:
    from django.core.management import call_command

    use_database(template)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    logger.info("bench: migrated the template database in %.1f s", time.perf_counter() - started)
    close_connections()  # the template is copied next: nothing may hold it open


def close_connections() -> None:
    """Close every database connection (a copied or switched file must not stay open)."""
    from django.db import connections

    connections.close_all()


def _clear_caches() -> None:
    # A scale must not reuse what the previous one cached (locmem caches live in this process).
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()


def _prepare_scale(template: Path, workdir: Path, scale: int, extra_seed: ExtraSeed | None) -> None:
    from portal.demo.services import seed_demo
    from search import tasks as search_tasks

    database = workdir / f"scale_{scale}.sqlite3"
    _copy_database(template, database)
    use_database(database)
    started = time.perf_counter()
    result = seed_demo(scale=scale)
    # The portal index of the seeded demo, so /healthz answers 200 and pages can search.
    search_tasks.rebuild()
    if extra_seed is not None:
        extra_seed(scale)
    _clear_caches()
    logger.info(
        "bench: seeded scale %s (%s people) in %.1f s",
        scale,
        result.total_people,
        time.perf_counter() - started,
    )


def measure_page(page: Page, requests: int, warmup: int) -> Measurement:
    """Time `page` with a fresh client, signed in with force_login (no password hashing)."""
    from portal.people.models import User

    client = Client()
    if page.login_email:
        client.force_login(User.objects.get(email=page.login_email), backend=LOGIN_BACKEND)
    try:
        return measure(client, page.path, requests=requests, warmup=warmup)
    except BenchError as error:
        raise BenchError(f"page {page.name!r}: {error}") from error


# --- the whole run ----------------------------------------------------------------------------


def run(
    pages: Iterable[Page],
    scales: Sequence[int] = DEFAULT_SCALES,
    requests: int = DEFAULT_REQUESTS,
    extra_seed: ExtraSeed | None = None,
    warmup: int = DEFAULT_WARMUP,
) -> dict[str, Any]:
    """Seed a throwaway database per scale and time the baseline and every page on each.

    Returns {"baseline": {"scale_N": measurement}, "pages": {name: {"scale_N": measurement with
    "ratio_to_baseline"}}, "meta": {...}}. Anything printed meanwhile goes to stderr.
    """
    pages = list(pages)
    names = [page.name for page in pages]
    if len(set(names)) != len(names) or BASELINE.name in names:
        raise ValueError("page names must be unique and not 'baseline'")
    started = time.perf_counter()
    result: dict[str, Any] = {"baseline": {}, "pages": {page.name: {} for page in pages}}
    with (
        tempfile.TemporaryDirectory(prefix="lodestar-bench-") as tmp,
        contextlib.redirect_stdout(sys.stderr),
    ):
        workdir = Path(tmp)
        template = workdir / "template.sqlite3"
        setup_django(template)
        try:
            _migrate_template(template)
            for scale in scales:
                key = f"scale_{scale}"
                _prepare_scale(template, workdir, scale, extra_seed)
                baseline = measure_page(BASELINE, requests, warmup)
                result["baseline"][key] = baseline
                for page in pages:
                    logger.info("bench: scale %s, %s", scale, page.name)
                    figures = measure_page(page, requests, warmup)
                    figures["ratio_to_baseline"] = round(
                        figures["median_ms"] / baseline["median_ms"], 3
                    )
                    result["pages"][page.name][key] = figures
        finally:
            close_connections()
    result["meta"] = {
        "scales": list(scales),
        "requests": requests,
        "warmup": warmup,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return result


# --- command line -----------------------------------------------------------------------------


def _scales(text: str) -> tuple[int, ...]:
    try:
        scales = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list") from None
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError("scales are whole numbers of at least 1")
    return scales


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def format_table(result: dict[str, Any]) -> str:
    """The result as an aligned text table, one row per page and scale."""
    meta = result.get("meta", {})
    lines = [
        f"{meta.get('requests', '?')} timed requests per page after {meta.get('warmup', '?')} "
        f"warm-up; whole run {meta.get('seconds', '?')} s",
        "",
        f"{'page':<24}{'scale':>6}{'median ms':>12}{'p95 ms':>10}{'queries':>9}{'x baseline':>12}",
    ]
    rows = [(BASELINE.name, result["baseline"]), *result["pages"].items()]
    for name, by_scale in rows:
        for key, figures in by_scale.items():
            ratio = figures.get("ratio_to_baseline", 1.0)
            lines.append(
                f"{name:<24}{key.removeprefix('scale_'):>6}{figures['median_ms']:>12.2f}"
                f"{figures['p95_ms']:>10.2f}{figures['queries']:>9}{ratio:>12.2f}"
            )
    return "\n".join(lines)


def main(
    pages: Iterable[Page],
    description: str | None,
    extra_seed: ExtraSeed | None = None,
    argv: Sequence[str] | None = None,
) -> int:
    """The shared command line: --json, --requests, --warmup, --scales; prints the result."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--requests",
        type=_positive,
        default=DEFAULT_REQUESTS,
        help=f"timed requests per page (default {DEFAULT_REQUESTS})",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=DEFAULT_WARMUP,
        help=f"untimed requests before timing (default {DEFAULT_WARMUP})",
    )
    parser.add_argument(
        "--scales",
        type=_scales,
        default=DEFAULT_SCALES,
        help="comma-separated demo scales (default 1,10)",
    )
    args = parser.parse_args(argv)
    result = run(
        pages,
        scales=args.scales,
        requests=args.requests,
        extra_seed=extra_seed,
        warmup=args.warmup,
    )
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0
