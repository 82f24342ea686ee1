"""The insights forms: the HR import's upload, the scorecard's filters (one cycle, one cohort
of the programme, both optional) and the equity page's choice of programme and view (a GET
form: reading changes nothing)."""

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


CHOOSE_A_PROGRAMME = "Choose one of the programmes listed."
TOO_SMALL = (
    "That group is too small to look within (or has nobody in it): everyone is shown instead."
)


class ProgrammeForm(forms.Form):
    programme = forms.ChoiceField(
        label="Programme", error_messages={"invalid_choice": CHOOSE_A_PROGRAMME}
    )

    def __init__(self, data, *, programmes):
        super().__init__(data)
        self.fields["programme"].choices = [(p.slug, p.name) for p in programmes]


class EquityForm(ProgrammeForm):
    within = forms.ChoiceField(
        label="Look within",
        required=False,
        help_text="Business units too small to look within are not offered.",
        error_messages={"invalid_choice": TOO_SMALL},
    )

    def __init__(self, data, *, programmes, choices):
        super().__init__(data, programmes=programmes)
        units = [(c.code, c.label) for c in choices if c.code.startswith("unit:")]
        options: list = [("", "Everyone")]
        if units:
            options.append(("Business unit", units))
        self.fields["within"].choices = options
