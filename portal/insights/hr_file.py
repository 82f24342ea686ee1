"""Reading an HR file: CSV or XLSX in, clean rows with their line numbers out, or every problem
with the line it is on. Nothing here writes: `hr_import` compares and saves.

django-import-export reads the formats (its XLSX format, through tablib and openpyxl) and its
resource declares the columns and their widgets, which clean each value. CSV is read here with
the csv module, line by line, because the report must name the physical line of each problem
(a quoted field may span lines) and a broken quote must be reported, not swallowed.
"""

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX

from portal.insights.models import Readiness
from portal.people.models import Profile

# The columns a file must have, then the one it may have. Others are dropped unread.
MANDATORY = (
    "employee_id",
    "email",
    "name",
    "title",
    "business_unit",
    "level",
    "manager_employee_id",
    "location",
    "hire_date",
    "succession_readiness",
    "leaver_date",
)
OPTIONAL = ("performance_rating",)
COLUMNS = MANDATORY + OPTIONAL
# Cells that may not be empty.
REQUIRED_VALUES = ("employee_id", "email", "name", "hire_date")
MAX_LENGTH = {
    "employee_id": 64,
    "email": 254,
    "name": 160,
    "title": 120,
    "business_unit": 120,
    "level": 40,
    "manager_employee_id": 64,
    "location": 120,
    "succession_readiness": 40,
    "performance_rating": 10,
    "hire_date": 20,
    "leaver_date": 20,
}
# A cell starting with one of these runs as a formula when the data is opened in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ERRORS = 1000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class HRDateWidget(widgets.DateWidget):  # type: ignore[misc]
    """Dates as ISO (2026-02-28) or day first (28/02/2026); a spreadsheet's date cell as is."""

    def __init__(self) -> None:
        super().__init__()
        self.formats = DATE_FORMATS

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        try:
            cleaned: date | None = super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"“{value}” is not a date (write 2026-02-28 or 28/02/2026).") from None
        return cleaned


class ChoiceWidget(widgets.Widget):  # type: ignore[misc]
    """A value from a fixed list, given as its code or its label (any case)."""

    def __init__(self, choices: list[tuple[Any, str]], what: str) -> None:
        super().__init__()
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value
        self.what = what
        self.allowed = ", ".join(f"{label} ({value})" for value, label in choices)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        found = self.lookup.get(str(value).strip().lower())
        if found is None:
            raise ValueError(f"“{value}” is not a {self.what}: use one of {self.allowed}.")
        return found


class HRRecordResource(resources.Resource):  # type: ignore[misc]
    """The columns of an HR file and how each value is read (import-export's widgets)."""

    employee_id = fields.Field(column_name="employee_id", widget=widgets.CharWidget())
    email = fields.Field(column_name="email", widget=widgets.CharWidget())
    name = fields.Field(column_name="name", widget=widgets.CharWidget())
    title = fields.Field(column_name="title", widget=widgets.CharWidget())
    business_unit = fields.Field(column_name="business_unit", widget=widgets.CharWidget())
    level = fields.Field(
        column_name="level", widget=ChoiceWidget(Profile.Level.choices, "leadership level")
    )
    manager_employee_id = fields.Field(
        column_name="manager_employee_id", widget=widgets.CharWidget()
    )
    location = fields.Field(column_name="location", widget=widgets.CharWidget())
    hire_date = fields.Field(column_name="hire_date", widget=HRDateWidget())
    succession_readiness = fields.Field(
        column_name="succession_readiness",
        widget=ChoiceWidget(Readiness.choices, "succession readiness"),
    )
    leaver_date = fields.Field(column_name="leaver_date", widget=HRDateWidget())
    performance_rating = fields.Field(
        column_name="performance_rating",
        widget=ChoiceWidget([(n, str(n)) for n in range(1, 6)], "rating from 1 to 5"),
    )

    class Meta:
        fields = COLUMNS


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: the line it is on (1 is the header), the column, why."""

    line: int
    column: str
    message: str

    def as_list(self) -> list[Any]:
        return [self.line, self.column, self.message]


@dataclass
class ParsedFile:
    """The clean rows (line number, values) and every problem found; `ignored` are the column
    names dropped unread."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    total_rows: int = 0

    def problem(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(Problem(line, column, message))

    @property
    def error_count(self) -> int:
        return len(self.problems)


class FileUnreadable(Exception):
    """The file cannot be read at all; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "unreadable")
        self.problems = problems


def normalise_header(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())


# --- reading raw rows ---------------------------------------------------------------------------

RawRows = Iterator[tuple[int, list[Any]]]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileUnreadable(
            [Problem(1, "", "The file is UTF-16 text: save it as “CSV UTF-8” and upload it again.")]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(
                Problem(
                    number,
                    "",
                    "This line is not UTF-8 text (the file looks saved as Latin-1 or another "
                    "legacy encoding): save it as “CSV UTF-8” and upload it again.",
                )
            )
            if len(problems) >= 20:
                break
    raise FileUnreadable(problems)


def _csv_rows(data: bytes, parsed: ParsedFile) -> tuple[list[Any], RawRows]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FileUnreadable([Problem(1, "", "The file is empty.")]) from None
    except csv.Error as error:
        raise FileUnreadable([Problem(1, "", f"The header cannot be read ({error}).")]) from None

    def rows() -> RawRows:
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    message = "A cell is far too long (over 131,072 characters): nothing else read."
                else:
                    message = (
                        f"This line cannot be read ({error}): check its quotes. Nothing after "
                        "it was read."
                    )
                parsed.problem(start, "", message)
                return
            if reader.line_num > start:
                parsed.problem(
                    start,
                    "",
                    f"A quoted cell runs from this line to line {reader.line_num}: a quote is "
                    "probably not closed.",
                )
                continue
            yield start, values

    return header, rows()


def _xlsx_rows(data: bytes) -> tuple[list[Any], RawRows]:
    try:
        dataset = XLSX().create_dataset(data)
    except StopIteration:
        raise FileUnreadable([Problem(1, "", "The spreadsheet is empty.")]) from None
    except Exception:
        raise FileUnreadable(
            [Problem(1, "", "This is not an Excel (XLSX) file we can read: save it again as XLSX.")]
        ) from None
    header = list(dataset.headers or [])

    def rows() -> RawRows:
        for index, values in enumerate(dataset, start=2):
            yield index, list(values)

    return header, rows()


# --- cleaning -----------------------------------------------------------------------------------


def read(
    data: bytes, file_format: str, progress: Callable[[int], None] | None = None
) -> ParsedFile:
    """Every row of the file cleaned, or the problems with their lines. Raises FileUnreadable
    when the file cannot be read at all (encoding, not a spreadsheet, missing columns)."""
    parsed = ParsedFile()
    if file_format == "xlsx":
        header, raw_rows = _xlsx_rows(data)
    else:
        header, raw_rows = _csv_rows(data, parsed)
    names = [normalise_header(name) for name in header]
    missing = [column for column in MANDATORY if column not in names]
    if missing:
        raise FileUnreadable(
            [
                Problem(1, column, f"The file has no “{column}” column (the header is line 1).")
                for column in missing
            ]
        )
    duplicated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if duplicated:
        raise FileUnreadable(
            [Problem(1, column, f"The “{column}” column appears twice.") for column in duplicated]
        )
    parsed.ignored = [
        str(original)
        for original, name in zip(header, names, strict=True)
        if name not in COLUMNS and name
    ]
    positions = {name: index for index, name in enumerate(names) if name in COLUMNS}
    parsed.columns = list(positions)
    resource_fields = HRRecordResource().fields
    width = len(names)
    for line, values in raw_rows:
        parsed.total_rows += 1
        if progress is not None and parsed.total_rows % 1000 == 0:
            progress(parsed.total_rows)
        if all(value in (None, "") for value in values):
            continue
        if len(values) != width:
            parsed.problem(line, "", f"This line has {len(values)} cells; the header has {width}.")
            continue
        row = _clean_row(line, values, positions, resource_fields, parsed)
        if row is not None:
            parsed.rows.append((line, row))
    return parsed


def _clean_row(
    line: int,
    values: list[Any],
    positions: dict[str, int],
    resource_fields: dict[str, fields.Field],
    parsed: ParsedFile,
) -> dict[str, Any] | None:
    raw = {name: values[index] for name, index in positions.items()}
    row: dict[str, Any] = {}
    ok = True
    for name, value in raw.items():
        if isinstance(value, float) and value.is_integer():
            # A spreadsheet's number cell: employee id 10001, not "10001.0".
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value = value.strip()
            if len(value) > MAX_LENGTH[name]:
                parsed.problem(
                    line,
                    name,
                    f"{len(value):,} characters long: at most {MAX_LENGTH[name]} are allowed.",
                )
                ok = False
                continue
            if value.startswith(FORMULA_START):
                parsed.problem(
                    line,
                    name,
                    f"Starts with “{value[0]}”: a spreadsheet would run it as a formula. "
                    "Remove that character.",
                )
                ok = False
                continue
        if value is None:
            value = ""
        if name in REQUIRED_VALUES and value == "":
            parsed.problem(line, name, "Empty: every row needs one.")
            ok = False
            continue
        try:
            row[name] = resource_fields[name].clean({resource_fields[name].column_name: value})
        except ValueError as error:
            parsed.problem(line, name, str(error))
            ok = False
    if not ok:
        return None
    row["email"] = str(row["email"]).lower()
    try:
        validate_email(row["email"])
    except ValidationError:
        parsed.problem(line, "email", f"“{row['email']}” is not an email address.")
        return None
    for name in (
        "employee_id",
        "name",
        "title",
        "business_unit",
        "manager_employee_id",
        "location",
    ):
        row[name] = "" if row.get(name) is None else str(row[name])
    if row["leaver_date"] and row["leaver_date"] < row["hire_date"]:
        parsed.problem(line, "leaver_date", "Earlier than the hire date.")
        return None
    if row["manager_employee_id"] == row["employee_id"]:
        parsed.problem(line, "manager_employee_id", "Nobody is their own manager.")
        return None
    return row
