"""`manage.py import_people FILE [--dry-run]`: the HR import from the command line, with the
same check, the same all-or-nothing commit and the same report as the staff screen."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.insights import hr_import, report
from portal.insights.forms import FORMATS, MAX_UPLOAD_BYTES
from portal.insights.models import HRImport


class Command(BaseCommand):
    help = "Import the organisation's HR file (CSV or XLSX); --dry-run only reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        file_format = FORMATS.get(path.suffix.lower())
        if file_format is None:
            raise CommandError("The file must be a .csv or an .xlsx file.")
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError("The file is larger than 30 MB: split it.")
        run = hr_import.create_import(path.read_bytes(), file_format, actor=None)
        run = hr_import.check(run.pk, track_progress=False)
        if run.status == HRImport.Status.READY:
            if options["dry_run"]:
                hr_import.discard(run)
                self.stdout.write(report.as_text(run, dry_run=True))
                return
            hr_import.claim_commit(run)
            run = hr_import.commit(run.pk, actor_id=None)
        self.stdout.write(report.as_text(run, dry_run=options["dry_run"]))
        if run.status != HRImport.Status.COMMITTED:
            raise CommandError("The file has problems: nothing was saved.")
