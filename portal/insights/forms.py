"""The HR import's upload form."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

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
