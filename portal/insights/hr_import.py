"""The HR import: check a file against what the portal holds (the dry run: new, changed,
unchanged, leavers, and every error with its line), then commit it all-or-nothing
(docs/decisions/0025-hr-import.md).

One path for the admin screen and `manage.py import_people`: `check` and `commit` below. The
staff screen runs them as background tasks (tasks.py) with the progress on the import's row;
the command runs them in its own process. A file with any error saves nothing.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone

from wagtail.log_actions import log

from portal.insights import hr_file
from portal.insights.hr_file import FileUnreadable, ParsedFile
from portal.insights.models import HRImport, HRRecord, ReadinessChange
from portal.people.models import BusinessUnit, Profile, User
from portal.people.services import deactivate_accounts, reactivate_accounts

logger = logging.getLogger(__name__)

HR_IMPORT_COMMITTED = "insights.hr_import_committed"
# How many rows of each kind of change the report keeps to show (the counts are complete).
REPORT_ROWS = 200
BATCH = 1000
# The file's column for each HRRecord field it sets.
RECORD_FIELDS = {
    "email": "email",
    "name": "name",
    "title": "job_title",
    "business_unit": "business_unit_id",
    "level": "level",
    "manager_employee_id": "manager_employee_id",
    "location": "location",
    "hire_date": "hire_date",
    "succession_readiness": "readiness",
    "leaver_date": "leaver_date",
    "performance_rating": "performance_rating",
}
# What the dry run lists for a record newly linked to a portal account.
LINKED_TO_ACCOUNT = "portal account"

T = TypeVar("T")


class ImportRefused(Exception):
    """The import cannot go on (already committed, discarded, or being saved)."""


# --- the plan: what a file would change -------------------------------------------------------


@dataclass
class Plan:
    """What committing the file would do, and the problems that forbid it."""

    parsed: ParsedFile
    today: date
    new: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    changed: list[tuple[int, dict[str, Any], list[str]]] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    rejoined: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    existing: dict[str, dict[str, Any]] = field(default_factory=dict)
    user_for: dict[str, int | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.parsed.problems

    def report(self) -> dict[str, Any]:
        def person(line: int, row: dict[str, Any]) -> list[Any]:
            return [line, row["employee_id"], row["name"]]

        problems = sorted(self.parsed.problems, key=lambda p: (p.line, p.column))
        return {
            "counts": {
                "rows": len(self.parsed.rows) + self._invalid_rows(),
                "new": len(self.new),
                "changed": len(self.changed),
                "unchanged": self.unchanged,
                "leavers": len(self.leavers),
                "rejoined": len(self.rejoined),
                "errors": len(problems),
                "with_account": sum(1 for user in self.user_for.values() if user),
            },
            "errors": [problem.as_list() for problem in problems],
            "errors_truncated": len(problems) >= hr_file.MAX_ERRORS,
            "ignored_columns": self.parsed.ignored,
            "new": [person(line, row) for line, row in self.new[:REPORT_ROWS]],
            "changed": [
                [*person(line, row), columns] for line, row, columns in self.changed[:REPORT_ROWS]
            ],
            "leavers": [
                [*person(line, row), row["leaver_date"].isoformat()]
                for line, row in self.leavers[:REPORT_ROWS]
            ],
            "rejoined": [person(line, row) for line, row in self.rejoined[:REPORT_ROWS]],
        }

    def _invalid_rows(self) -> int:
        return len({problem.line for problem in self.parsed.problems if problem.line > 1})


def _is_leaver(leaver_date: date | None, today: date) -> bool:
    return leaver_date is not None and leaver_date <= today


def make_plan(parsed: ParsedFile, today: date) -> Plan:
    """Compare the file's clean rows with the records held (a few queries, whatever the size),
    adding the problems only the whole picture shows: repeated ids or emails, unknown units and
    managers, reporting loops, an email that is another employee's."""
    plan = Plan(parsed=parsed, today=today)
    plan.existing = {
        record["employee_id"]: record
        for record in HRRecord.objects.values(
            "pk", "employee_id", "user_id", "deactivated_at", *RECORD_FIELDS.values()
        )
    }
    units: dict[str, int] = {}
    for pk, code, name in BusinessUnit.objects.values_list("pk", "code", "name"):
        units[code.lower()] = pk
        units[name.lower()] = pk
    accounts = dict(User.objects.annotate(address=Lower("email")).values_list("address", "pk"))
    email_owner = {record["email"]: key for key, record in plan.existing.items()}

    first_line_of_id: dict[str, int] = {}
    first_line_of_email: dict[str, int] = {}
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, row in parsed.rows:
        employee_id, email = row["employee_id"], row["email"]
        if employee_id in first_line_of_id:
            parsed.problem(
                line,
                "employee_id",
                f"Employee id {employee_id} is also on line {first_line_of_id[employee_id]}.",
            )
            continue
        first_line_of_id[employee_id] = line
        if email in first_line_of_email:
            parsed.problem(
                line, "email", f"This email is also on line {first_line_of_email[email]}."
            )
            continue
        first_line_of_email[email] = line
        rows.append((line, row))
    in_file = {row["employee_id"] for _, row in rows}
    for line, row in rows:
        owner = email_owner.get(row["email"])
        if owner is not None and owner != row["employee_id"] and owner not in in_file:
            parsed.problem(line, "email", f"This email belongs to employee {owner} already.")
        unit = row["business_unit"]
        if unit:
            if unit.lower() not in units:
                parsed.problem(
                    line,
                    "business_unit",
                    f"No business unit is called “{unit}”: add it under Organisation › "
                    "Business units (or use its code).",
                )
            row["business_unit"] = units.get(unit.lower())
        else:
            row["business_unit"] = None
        manager = row["manager_employee_id"]
        if manager and manager not in in_file and manager not in plan.existing:
            parsed.problem(
                line,
                "manager_employee_id",
                f"No employee {manager} in this file or already imported.",
            )
    _find_reporting_loops(rows, plan)
    if parsed.problems:
        return plan

    linked_users = {
        record["user_id"] for record in plan.existing.values() if record["user_id"] is not None
    }
    for line, row in rows:
        held = plan.existing.get(row["employee_id"])
        user_id = held["user_id"] if held else None
        if user_id is None:
            candidate = accounts.get(row["email"])
            if candidate is not None and candidate not in linked_users:
                user_id = candidate
                linked_users.add(candidate)
        plan.user_for[row["employee_id"]] = user_id
        leaving = _is_leaver(row["leaver_date"], today)
        if held is None:
            plan.new.append((line, row))
            if leaving:
                plan.leavers.append((line, row))
            continue
        columns = [
            column
            for column, attribute in RECORD_FIELDS.items()
            if column in row and row[column] != _blank_as_file(held[attribute], column)
        ]
        if user_id != held["user_id"]:
            # Someone joined with this address since the last import: the record links to them.
            columns.append(LINKED_TO_ACCOUNT)
        if columns:
            plan.changed.append((line, row, columns))
        else:
            plan.unchanged += 1
        if leaving and not _is_leaver(held["leaver_date"], today):
            plan.leavers.append((line, row))
        elif not leaving and held["deactivated_at"] is not None:
            plan.rejoined.append((line, row))
    return plan


def _blank_as_file(value: Any, column: str) -> Any:
    """A held value as the file's cleaned row would carry it (blank text is "", blank
    choices None)."""
    if value == "" and column in ("succession_readiness",):
        return None
    return value


def _find_reporting_loops(rows: list[tuple[int, dict[str, Any]]], plan: Plan) -> None:
    """Reporting lines that would loop (A reports to B who reports, however far up, to A),
    from the file's lines over the ones held: each loop reported once, on its first line."""
    manager_of = {key: record["manager_employee_id"] for key, record in plan.existing.items()}
    line_of = {}
    for line, row in rows:
        manager_of[row["employee_id"]] = row["manager_employee_id"]
        line_of[row["employee_id"]] = line
    settled: set[str] = set()
    for start in line_of:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current and current not in settled:
            if current in on_path:
                loop = path[path.index(current) :]
                lines = sorted(line_of[key] for key in loop if key in line_of)
                plan.parsed.problem(
                    lines[0] if lines else 1,
                    "manager_employee_id",
                    "These reporting lines make a loop: " + " → ".join([*loop, current]) + ".",
                )
                break
            path.append(current)
            on_path.add(current)
            current = manager_of.get(current) or None
        settled.update(path)


# --- reading a stored import --------------------------------------------------------------------


def _parse(hr_import: HRImport, track_progress: bool) -> ParsedFile:
    with hr_import.file.open("rb") as stored:
        data = stored.read()

    def progress(rows: int) -> None:
        HRImport.objects.filter(pk=hr_import.pk).update(checked_rows=rows)

    return hr_file.read(data, hr_import.file_format, progress if track_progress else None)


def _unreadable_report(error: FileUnreadable) -> dict[str, Any]:
    return {
        "counts": {"rows": 0, "errors": len(error.problems)},
        "errors": [problem.as_list() for problem in error.problems],
    }


def create_import(data: bytes, file_format: str, actor: User | None) -> HRImport:
    """Keep an uploaded file (private storage, a generated name) as an import to check."""
    hr_import = HRImport.objects.create(
        uploaded_by=actor, file_format=file_format, file_size=len(data)
    )
    hr_import.file.save(f"{hr_import.pk}.{file_format}", ContentFile(data), save=False)
    hr_import.save(update_fields=["file"])
    return hr_import


def check(pk: int, track_progress: bool = True) -> HRImport:
    """The dry run: read the stored file, compare it with what is held, and keep the report.
    READY when the file could be committed as it is, FAILED (with every error) otherwise."""
    hr_import = HRImport.objects.get(pk=pk)
    if hr_import.status != HRImport.Status.CHECKING:
        return hr_import
    try:
        parsed = _parse(hr_import, track_progress)
    except FileUnreadable as error:
        return _finish_check(hr_import, _unreadable_report(error), 0, ok=False)
    plan = make_plan(parsed, timezone.localdate())
    return _finish_check(hr_import, plan.report(), parsed.total_rows, ok=plan.ok)


def _finish_check(hr_import: HRImport, report: dict[str, Any], rows: int, ok: bool) -> HRImport:
    hr_import.report = report
    hr_import.total_rows = hr_import.checked_rows = rows
    if ok:
        hr_import.status = HRImport.Status.READY
    else:
        hr_import.status = HRImport.Status.FAILED
        hr_import.finished_at = timezone.now()
        _drop_file(hr_import)
    hr_import.save()
    return hr_import


def claim_commit(hr_import: HRImport) -> None:
    """Take a checked import for saving. A conditional UPDATE, so two clicks (or two managers)
    commit it once; raises ImportRefused for an import that is not READY."""
    claimed = HRImport.objects.filter(pk=hr_import.pk, status=HRImport.Status.READY).update(
        status=HRImport.Status.COMMITTING
    )
    if not claimed:
        raise ImportRefused("This import is not waiting to be committed any more.")
    hr_import.status = HRImport.Status.COMMITTING


def discard(hr_import: HRImport) -> None:
    """Drop a checked import that will not be committed, and its file."""
    discarded = HRImport.objects.filter(
        pk=hr_import.pk, status__in=[HRImport.Status.READY, HRImport.Status.FAILED]
    ).update(status=HRImport.Status.DISCARDED, finished_at=timezone.now())
    if not discarded:
        raise ImportRefused("Only an import waiting to be committed can be discarded.")
    hr_import.refresh_from_db()
    _drop_file(hr_import)
    hr_import.save(update_fields=["file"])


def commit(pk: int, actor_id: int | None) -> HRImport:
    """Save a claimed import, all or nothing: the file is read and compared again (the held
    records may have changed since the dry run), and any error saves nothing."""
    hr_import = HRImport.objects.get(pk=pk)
    if hr_import.status != HRImport.Status.COMMITTING:
        return hr_import
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        parsed = _parse(hr_import, track_progress=False)
    except FileUnreadable as error:
        hr_import.status = HRImport.Status.FAILED
        return _finish_check(hr_import, _unreadable_report(error), 0, ok=False)
    today = timezone.localdate()
    with transaction.atomic():
        plan = make_plan(parsed, today)
        if not plan.ok:
            hr_import.status = HRImport.Status.FAILED
            return _finish_check(hr_import, plan.report(), parsed.total_rows, ok=False)
        _apply(plan, hr_import)
        report = plan.report()
        hr_import.report = report
        hr_import.status = HRImport.Status.COMMITTED
        hr_import.finished_at = timezone.now()
        _drop_file(hr_import)
        hr_import.save()
        # Who, when and how many: never a name, an email or a value from the file.
        log(
            instance=hr_import,
            action=HR_IMPORT_COMMITTED,
            user=actor,
            data={
                key: report["counts"][key]
                for key in ("rows", "new", "changed", "unchanged", "leavers", "rejoined")
            }
            | {"format": hr_import.file_format},
        )
    logger.info("HR import %s committed: %s rows", hr_import.pk, report["counts"]["rows"])
    return hr_import


def _drop_file(hr_import: HRImport) -> None:
    """The uploaded file holds personal data: it is kept only while the import may be
    committed."""
    if hr_import.file:
        hr_import.file.delete(save=False)


# --- applying a plan ----------------------------------------------------------------------------


def _chunks(items: list[T], size: int = BATCH) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _record_values(row: dict[str, Any]) -> dict[str, Any]:
    values = {
        attribute: row[column] for column, attribute in RECORD_FIELDS.items() if column in row
    }
    values["readiness"] = values.get("readiness") or ""
    return values


def _apply(plan: Plan, hr_import: HRImport) -> None:
    today, now = plan.today, timezone.now()
    file_rows = {row["employee_id"]: row for _, row in plan.new} | {
        row["employee_id"]: row for _, row, _ in plan.changed
    }
    columns = ["employee_id", *RECORD_FIELDS.values(), "user_id", "last_import_id", "updated_at"]
    if "performance_rating" not in plan.parsed.columns:
        # A file without the optional column leaves ratings as they are.
        columns.remove("performance_rating")

    def values(row: dict[str, Any]) -> list[Any]:
        record = _record_values(row) | {
            "employee_id": row["employee_id"],
            "user_id": plan.user_for[row["employee_id"]],
            "last_import_id": hr_import.pk,
            "updated_at": now,
        }
        return [record[name] for name in columns]

    write_rows(HRRecord, "insert", columns, [values(row) for _, row in plan.new])
    write_rows(
        HRRecord,
        "update",
        columns,
        [[*values(row), plan.existing[row["employee_id"]]["pk"]] for _, row, _ in plan.changed],
    )
    ids = dict(HRRecord.objects.values_list("employee_id", "pk"))
    _record_readiness(plan, ids, hr_import)
    _update_profiles(plan, file_rows, today)
    _leavers_and_rejoiners(plan, ids, now)


def write_rows(model: type[Model], kind: str, columns: list[str], rows: list[list[Any]]) -> None:
    """INSERT (kind "insert") or UPDATE by primary key (kind "update": each row ends with the
    pk) many rows in one prepared statement run by the database driver (executemany). The ORM's
    bulk_create and bulk_update cost seconds of Python per 10,000 rows (bulk_update builds a
    CASE per field); values are still prepared by each field, as the ORM would."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    # Table and column names come from the model (never from the file) and are quoted; every
    # value is a parameter.
    table = quote(model._meta.db_table)
    names = [quote(str(field.column)) for field in fields]  # type: ignore[union-attr]
    placeholders = ", ".join(["%s"] * len(names))
    if kind == "insert":
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})"  # noqa: S608
    else:
        assignments = ", ".join(f"{name} = %s" for name in names)
        key = quote(str(model._meta.pk.column))
        sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    prepared = [
        [
            field.get_db_prep_save(value, connection)  # type: ignore[union-attr]
            for field, value in zip(fields, row, strict=False)
        ]
        + row[len(fields) :]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for chunk in _chunks(prepared, 5000):
            cursor.executemany(sql, chunk)


def _record_readiness(plan: Plan, ids: dict[str, int], hr_import: HRImport) -> None:
    """One dated row per person whose readiness this import sets or changes."""
    changes = []
    for _, row in plan.new:
        if row.get("succession_readiness"):
            changes.append((row, ""))
    for _, row, columns in plan.changed:
        if "succession_readiness" in columns:
            changes.append((row, plan.existing[row["employee_id"]]["readiness"]))
    write_rows(
        ReadinessChange,
        "insert",
        ["record_id", "readiness", "previous", "effective_on", "hr_import_id"],
        [
            [
                ids[row["employee_id"]],
                row["succession_readiness"] or "",
                previous,
                plan.today,
                hr_import.pk,
            ]
            for row, previous in changes
        ],
    )


def tenure_years(hire_date: date, today: date) -> int:
    """Whole years with the organisation on `today` (0 before the first anniversary)."""
    years = (
        today.year - hire_date.year - ((today.month, today.day) < (hire_date.month, hire_date.day))
    )
    return max(0, min(years, 60))


def _update_profiles(plan: Plan, file_rows: dict[str, dict[str, Any]], today: date) -> None:
    """The facts the portal keeps on Profile, for everyone in the file with an account: new and
    changed rows, and unchanged ones whose tenure moved on (a few bulk statements)."""
    user_of_employee = {key: record["user_id"] for key, record in plan.existing.items()}
    user_of_employee.update(plan.user_for)
    wanted: dict[int, dict[str, Any]] = {}
    for employee_id, user_id in plan.user_for.items():
        if user_id is None:
            continue
        row = file_rows.get(employee_id) or plan.existing[employee_id]
        if row is plan.existing.get(employee_id):
            # Unchanged: held values, in the file's names.
            source = {
                "title": row["job_title"],
                "business_unit": row["business_unit_id"],
                "level": row["level"],
                "location": row["location"],
                "hire_date": row["hire_date"],
                "manager_employee_id": row["manager_employee_id"],
            }
        else:
            source = row
        manager = source["manager_employee_id"]
        wanted[user_id] = {
            "job_title": source["title"],
            "business_unit_id": source["business_unit"],
            "level": source["level"],
            "location": source["location"],
            "tenure_years": tenure_years(source["hire_date"], today),
            "reports_to_id": user_of_employee.get(manager) if manager else None,
        }
    user_ids = list(wanted)
    profiles = {
        profile.user_id: profile
        for chunk in _chunks(user_ids)
        for profile in Profile.objects.filter(user_id__in=chunk)
    }
    to_update = []
    for user_id, values in wanted.items():
        profile = profiles.get(user_id)
        if profile is None:
            continue
        if any(getattr(profile, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(profile, name, value)
            to_update.append(profile)
    profile_columns = [
        "job_title",
        "business_unit_id",
        "level",
        "location",
        "tenure_years",
        "reports_to_id",
    ]
    write_rows(
        Profile,
        "update",
        profile_columns,
        [
            [getattr(profile, name) for name in profile_columns] + [profile.pk]
            for profile in to_update
        ],
    )
    Profile.objects.bulk_create(
        [
            Profile(user_id=user_id, **values)
            for user_id, values in wanted.items()
            if user_id not in profiles
        ],
        batch_size=BATCH,
    )


def _leavers_and_rejoiners(plan: Plan, ids: dict[str, int], now: Any) -> None:
    """Leavers lose access at once (account inactive, every session ended), which also takes
    them out of matching and the catalog; a person a later file rehires gets it back, if it was
    an import that took it."""
    leaving = [row["employee_id"] for _, row in plan.leavers]
    leaving_users = [plan.user_for[key] for key in leaving if plan.user_for.get(key)]
    deactivate_accounts([user for user in leaving_users if user is not None])
    for chunk in _chunks([ids[key] for key in leaving if plan.user_for.get(key)]):
        HRRecord.objects.filter(pk__in=chunk).update(deactivated_at=now)
    rejoining = [row["employee_id"] for _, row in plan.rejoined]
    reactivate_accounts([user for key in rejoining if (user := plan.user_for.get(key))])
    for chunk in _chunks([ids[key] for key in rejoining]):
        HRRecord.objects.filter(pk__in=chunk).update(deactivated_at=None)
