"""Spreadsheet exports that cannot run formulas: every CSV the portal serves, Wagtail's included.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs (`=HYPERLINK(...)` in a page title becomes a live link). Such a value is
written with a leading apostrophe, which the programs show as text (OWASP's CSV injection rule).
"""

from functools import wraps
from typing import Any

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
