"""`manage.py send_digests`: queue this week's digest emails (run weekly from cron; see
docs/decisions/0012-notifications.md)."""

from django.core.management.base import BaseCommand

from portal.notifications import services


class Command(BaseCommand):
    help = "Queue each person's weekly digest of the past week's digest notifications."

    def handle(self, *args, **options):
        queued = services.queue_digests()
        self.stdout.write(f"Queued {queued} digest email{'s' if queued != 1 else ''}.")
