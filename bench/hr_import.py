"""Time the HR import on a synthetic organisation: a first file of N employees (all new), then
a second where 10% changed title or readiness and 1% left.

For each file: reading and checking it (the dry run: parse, clean, compare), then committing it
(read and compare again, then the bulk writes, in one transaction), and the commit's SQL
statements. 10% of the employees have a portal account (their profiles are updated), the
reporting lines form a tree. Deterministic (its own seed); a throwaway SQLite database migrated
for the run (bench/harness.py's helpers; nothing touches var/). `--json` prints one JSON object
in the harness's shape ({"import": {"rows_N": {...}}, "meta": {...}}).

    .venv/bin/python bench/hr_import.py [--json] [--rows 50000] [--seed 17]
"""

import argparse
import contextlib
import csv
import io
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import harness

UNITS = 8
ACCOUNT_SHARE = 0.10
READINESS = ["", "not_identified", "ready_3_plus_years", "ready_1_2_years", "ready_now"]


def organisation(rows: int, seed: int) -> list[dict[str, str]]:
    """`rows` employees; each reports to someone earlier in the list (a tree)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    people = []
    for n in range(rows):
        hired = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        people.append(
            {
                "employee_id": f"E{n:06d}",
                "email": f"employee{n}@bench.example",
                "name": f"Employee {n}",
                "title": rng.choice(["Director", "Senior manager", "Vice president", "Analyst"]),
                "business_unit": f"unit-{rng.randrange(UNITS)}",
                "level": str(rng.randint(1, 5)),
                "manager_employee_id": f"E{rng.randrange(n):06d}" if n else "",
                "location": rng.choice(["Lisbon", "Rotterdam", "Singapore", "Chicago"]),
                "hire_date": hired.isoformat(),
                "succession_readiness": rng.choice(READINESS),
                "leaver_date": "",
                "performance_rating": str(rng.randint(1, 5)),
            }
        )
    return people


def moved_on(people: list[dict[str, str]], seed: int) -> list[dict[str, str]]:
    """The same organisation later: 10% promoted or re-rated for readiness, 1% left."""
    rng = random.Random(seed + 1)  # noqa: S311 - synthetic data, not secrets
    later = [dict(person) for person in people]
    for person in rng.sample(later, len(later) // 10):
        person["title"] = "Senior " + person["title"]
        person["succession_readiness"] = rng.choice(READINESS[1:])
    for person in rng.sample(later[1:], len(later) // 100):
        person["leaver_date"] = (date.today() - timedelta(days=3)).isoformat()
    return later


def as_csv(people: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(people[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(people)
    return out.getvalue().encode()


def accounts(people: list[dict[str, str]], seed: int) -> None:
    from portal.people.models import BusinessUnit, Profile, User

    BusinessUnit.objects.bulk_create(
        [BusinessUnit(name=f"Unit {n}", code=f"unit-{n}") for n in range(UNITS)]
    )
    rng = random.Random(seed + 2)  # noqa: S311 - synthetic data, not secrets
    chosen = rng.sample(people, int(len(people) * ACCOUNT_SHARE))
    User.objects.bulk_create(
        [User(email=p["email"], first_name="E", last_name=p["employee_id"]) for p in chosen],
        batch_size=1000,
    )
    ids = list(User.objects.values_list("pk", flat=True))
    Profile.objects.bulk_create([Profile(user_id=pk) for pk in ids[::2]], batch_size=1000)


def timed_import(data: bytes) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.insights import hr_import
    from portal.insights.models import HRImport

    created = hr_import.create_import(data, "csv", actor=None)
    started = time.perf_counter()
    checked = hr_import.check(created.pk, track_progress=True)
    check_s = time.perf_counter() - started
    if checked.status != HRImport.Status.READY:
        raise harness.BenchError(f"the bench file has errors: {checked.report['errors'][:3]}")
    hr_import.claim_commit(checked)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        committed = hr_import.commit(checked.pk, actor_id=None)
    commit_s = time.perf_counter() - started
    counts = committed.report["counts"]
    return {
        "check_s": round(check_s, 2),
        "commit_s": round(commit_s, 2),
        "total_s": round(check_s + commit_s, 2),
        "commit_queries": len(captured.captured_queries),
        "file_mb": round(len(data) / 1024 / 1024, 1),
        **{key: counts[key] for key in ("rows", "new", "changed", "unchanged", "leavers")},
    }


def run(rows: int, seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="lodestar-bench-hr-") as tmp,
        contextlib.redirect_stdout(sys.stderr),
    ):
        database = Path(tmp) / "hr.sqlite3"
        harness.setup_django(database)
        harness.use_database(database)
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        people = organisation(rows, seed)
        accounts(people, seed)
        first = timed_import(as_csv(people))
        second = timed_import(as_csv(moved_on(people, seed)))
        harness.close_connections()
    return {
        "import": {f"rows_{rows}": {"first_file": first, "second_file": second}},
        "meta": {"rows": rows, "seed": seed, "seconds": round(time.perf_counter() - started, 1)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    result = run(args.rows, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name, figures in result["import"][f"rows_{args.rows}"].items():
        print(
            f"{name:<12} {figures['rows']:>7} rows ({figures['file_mb']} MB): check "
            f"{figures['check_s']:.2f} s, commit {figures['commit_s']:.2f} s "
            f"({figures['commit_queries']} statements); new {figures['new']}, changed "
            f"{figures['changed']}, unchanged {figures['unchanged']}, leavers {figures['leavers']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
