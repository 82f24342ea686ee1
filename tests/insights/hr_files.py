"""HR files for the import tests: a header and rows as CSV bytes, and the cast they describe."""

import csv
import io

from portal.insights.hr_file import COLUMNS

HEADER = list(COLUMNS)


def row(employee_id: str, email: str, name: str, **values: str) -> dict[str, str]:
    base = {
        "employee_id": employee_id,
        "email": email,
        "name": name,
        "title": "Director",
        "business_unit": "industrial",
        "level": "2",
        "manager_employee_id": "",
        "location": "Lisbon",
        "hire_date": "2019-04-01",
        "succession_readiness": "ready_3_plus_years",
        "leaver_date": "",
        "performance_rating": "3",
    }
    return base | values


def csv_bytes(
    rows: list[dict[str, str]], header: list[str] | None = None, encoding="utf-8"
) -> bytes:
    out = io.StringIO()
    header = header or HEADER
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for values in rows:
        writer.writerow({key: values.get(key, "") for key in header})
    return out.getvalue().encode(encoding)


def many(count: int, start: int = 1, **values: str) -> list[dict[str, str]]:
    """`count` plain employees E<n> (no accounts), the first the others' manager."""
    return [
        row(
            f"E{n:05d}",
            f"employee{n}@staff.example",
            f"Employee {n}",
            manager_employee_id="" if n == start else f"E{start:05d}",
            **values,
        )
        for n in range(start, start + count)
    ]
