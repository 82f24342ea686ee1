"""Spreadsheet exports: none can run formulas, and each is in the audit trail. Every CSV and
XLSX the portal serves is written by Wagtail's SpreadsheetExportMixin (its reports, the admin
listings, our audit trail), so both rules are kept there, once.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs (`=HYPERLINK(...)` in a page title becomes a live link). Such a value is
written with a leading apostrophe, which the programs show as text (OWASP's CSV injection rule).

Who exported what is logged on the person who exported (a person log entry: the action
EXPORTED, registered by governance), with the list, the format, the filters and the number of
rows, in the same transaction as the request that serves the file.
"""

from functools import wraps
from typing import Any

# The log action of an export (registered in portal/governance/wagtail_hooks.py).
EXPORTED = "portal.exported"
# Query parameters that say how to show a list, not which rows: left out of the record.
NOT_FILTERS = frozenset({"export", "p", "_w_filter_fragment"})

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """`value`, or text that a spreadsheet shows and never evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def protect_wagtail_exports() -> None:
    """Wagtail's reports (site history, workflows, form submissions) export through
    SpreadsheetExportMixin; every CSV cell it writes goes through spreadsheet_safe. Idempotent.

    (Its XLSX writer already stores formulas as text.)
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "spreadsheet_safe", False):
        return

    @wraps(original)
    def preprocess_field_value(self: Any, field: str, value: Any, export_format: str) -> Any:
        result = original(self, field, value, export_format)
        return spreadsheet_safe(result) if export_format == self.FORMAT_CSV else result

    preprocess_field_value.spreadsheet_safe = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value  # type: ignore[method-assign]


def export_record(view: Any, rows: int, export_format: str) -> dict[str, Any]:
    """What the audit trail keeps of one export: which list, in which format, filtered how,
    and how many rows (never the rows themselves)."""
    request = view.request
    title = ""
    get_page_title = getattr(view, "get_page_title", None)
    if callable(get_page_title):
        title = str(get_page_title() or "")
    filters = {
        key: ", ".join(values)
        for key, values in request.GET.lists()
        if key not in NOT_FILTERS and any(values)
    }
    return {
        "list": title or request.path,
        "format": export_format.upper(),
        "rows": rows,
        "filters": filters,
        "path": request.path,
    }


def record_wagtail_exports() -> None:
    """Every spreadsheet SpreadsheetExportMixin writes is logged before it is served: who
    exported which list, filtered how, how many rows. Idempotent."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin
    from wagtail.log_actions import log

    original = SpreadsheetExportMixin.as_spreadsheet
    if getattr(original, "recorded", False):
        return

    @wraps(original)
    def as_spreadsheet(self: Any, queryset: Any, spreadsheet_format: str) -> Any:
        # len() evaluates a queryset once; the file is then written from its cached rows.
        log(
            instance=self.request.user,
            action=EXPORTED,
            user=self.request.user,
            data=export_record(self, len(queryset), spreadsheet_format),
        )
        return original(self, queryset, spreadsheet_format)

    as_spreadsheet.recorded = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.as_spreadsheet = as_spreadsheet  # type: ignore[method-assign]
