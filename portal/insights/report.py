"""An HR import's report in plain text: what `manage.py import_people` prints (the staff page
shows the same report as HTML)."""

from typing import Any

from portal.insights.models import HRImport


def as_text(run: HRImport, dry_run: bool = False) -> str:
    """The counts, then every problem with its line, then the leavers."""
    report: dict[str, Any] = run.report or {}
    counts = report.get("counts", {})
    status = "dry run, nothing saved" if dry_run else run.get_status_display()
    lines = [f"HR import #{run.pk}: {status}"]
    if "new" in counts:
        lines.append(
            "{rows} rows: {new} new, {changed} changed, {unchanged} unchanged, {leavers} leavers, "
            "{rejoined} back from leaving; {with_account} with a portal account.".format(**counts)
        )
    if report.get("ignored_columns"):
        lines.append("Columns dropped unread: " + ", ".join(report["ignored_columns"]) + ".")
    errors = report.get("errors", [])
    if errors:
        lines.append(f"{len(errors)} problem(s); nothing was saved:")
        for line, column, message in errors:
            where = f"line {line}" if line else "file"
            lines.append(f"  {where}" + (f", {column}" if column else "") + f": {message}")
    for line, employee_id, name, leaver_date in report.get("leavers", []):
        lines.append(f"  leaver: line {line}, {employee_id} {name}, left {leaver_date}")
    return "\n".join(lines)
