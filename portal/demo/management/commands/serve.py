"""`manage.py serve [ADDRPORT]`: the web server and the task worker as one command (`make run`).

Starts `runserver ADDRPORT` and `db_worker` (every queue) side by side (portal.devserver) and,
once the site answers, prints the demo logins, so they are the last thing on the screen.
Ctrl-C stops both. runserver reloads when code changes; the worker does not (django-tasks-db's
reload kills the task it is running), so restart after changing a task. With a TASK_BACKEND
that needs no worker (the ImmediateBackend), only the web server runs.
"""

import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from portal import devserver
from portal.demo.logins import demo_logins, seeded, write_logins


def _site(addrport: str) -> str:
    """The URL to open for runserver's ADDRPORT ("8000", "0.0.0.0:8000", "[::1]:8000")."""
    host, _, port = addrport.rpartition(":")
    if host in ("", "0", "0.0.0.0"):  # noqa: S104 - runserver's "every interface": ask loopback
        host = "127.0.0.1"
    elif host == "[::]":
        host = "[::1]"
    return f"http://{host}:{port}/"


# Straight to our own server, whatever proxy the environment names.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str) -> bool:
    try:
        with _DIRECT.open(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answered (/healthz says 503 while the index is missing)
    except OSError:
        return False


class Command(BaseCommand):
    help = "Serve the portal and run its task worker beside it; Ctrl-C stops both."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options) -> None:
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        commands = [[*manage, "runserver", addrport]]
        worker = isinstance(task_backends["default"], DatabaseBackend)
        if worker:
            commands.append([*manage, "db_worker", "--queue-name", "*", "--no-reload"])
        site = _site(addrport)

        def announce() -> bool:
            if not _answers(f"{site}healthz"):
                return False
            self.stdout.write("")
            if worker:
                self.stdout.write(f"Serving {site}, task worker running; Ctrl-C stops both.")
            else:
                self.stdout.write(f"Serving {site} (tasks run inline); Ctrl-C stops it.")
            logins = seeded(demo_logins())
            if logins:
                self.stdout.write("")
                write_logins(self.stdout, self.style, logins, site)
            return True

        code = devserver.run_together(commands, when_ready=announce)
        if code:
            raise CommandError(f"Stopped: a child process exited with status {code}.")
