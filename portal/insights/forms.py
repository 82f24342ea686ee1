"""The insights forms: the HR import's upload, and the scorecard's filters (one cycle, one
cohort of the programme, both optional)."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from portal.ids import IdChoiceField
from portal.insights import queries

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


class HRUploadForm(forms.Form):
    file = forms.FileField(
        label="HR file (CSV or XLSX)",
        help_text="One row per employee, with the columns the HR import page lists. At most 30 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name or "").suffix.lower()
        if extension not in FORMATS:
            raise ValidationError("Upload a .csv or an .xlsx file.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {upload.size / 1024 / 1024:.0f} MB: at most 30 MB can be imported "
                "at once. Split it by business unit."
            )
        if upload.size == 0:
            raise ValidationError("The file is empty.")
        return upload

    @property
    def file_format(self) -> str:
        return FORMATS[Path(self.cleaned_data["file"].name).suffix.lower()]


class ScorecardFilterForm(forms.Form):
    cycle = IdChoiceField(
        queryset=None,
        required=False,
        empty_label="Every cycle",
        error_messages={"invalid_choice": "Choose one of this programme's cycles."},
    )
    cohort = IdChoiceField(
        queryset=None,
        required=False,
        empty_label="Every cohort",
        error_messages={"invalid_choice": "Choose one of this programme's cohorts."},
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = queries.cycles_of(programme)
        self.fields["cohort"].queryset = queries.cohorts_of(programme)
        self.fields["cohort"].label_from_instance = lambda c: f"{c.cycle.name} · {c.name}"

    def clean(self):
        data = super().clean()
        cycle, cohort = data.get("cycle"), data.get("cohort")
        if cycle and cohort and cohort.cycle_id != cycle.pk:
            self.add_error("cohort", "That cohort is in another cycle: choose one of this cycle's.")
        return data
