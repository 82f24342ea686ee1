"""`manage.py seed_demo [--scale N] [--seed S]`: load the demo organisation and print its logins."""

from django.core.management.base import BaseCommand, CommandError

from portal.demo import data
from portal.demo.services import seed_demo


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
        result = seed_demo(scale=scale, seed=seed)
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Demo organisation ready: {result.total_people} people "
            f"({result.created_people} created now)."
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"Demo logins (password for all: {data.DEMO_PASSWORD})")
        )
        width = max(len(login.role) for login in result.logins)
        for login in result.logins:
            self.stdout.write(f"  {login.role.ljust(width)}  {login.email}  ({login.name})")
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in with one of them.")
