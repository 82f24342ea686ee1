"""`manage.py seed_demo [--scale N] [--seed S]`: load the demo organisation and print its logins."""

import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from portal.demo.logins import write_logins
from portal.demo.services import seed_demo


@contextmanager
def _routine_quiet(verbosity: int):
    """Wagtail logs every page it creates, edits and publishes (over a hundred lines for the
    library); they show at -v 2 and above. The demo's addresses are made up, so the
    notifications its workflow steps send (a story sent for review) go nowhere at any verbosity."""
    wagtail = logging.getLogger("wagtail")
    level = wagtail.level
    if verbosity < 2:
        wagtail.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        wagtail.setLevel(level)


class Command(BaseCommand):
    help = "Create the demo organisation (idempotent) and print one login per role."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply people by N (default 1)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, scale: int, seed: int, **options) -> None:
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        with _routine_quiet(options["verbosity"]):
            result = seed_demo(scale=scale, seed=seed)
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Demo organisation ready: {result.total_people} people "
            f"({result.created_people} created now)."
        )
        self.stdout.write("")
        write_logins(self.stdout, self.style, result.logins, "http://127.0.0.1:8000/")
