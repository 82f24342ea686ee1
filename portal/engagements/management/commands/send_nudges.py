"""`manage.py send_nudges`: tell stalled pairs, once per window (run daily from cron; see
docs/decisions/0016-engagements.md)."""

from django.core.management.base import BaseCommand

from portal.engagements import services


class Command(BaseCommand):
    help = "Nudge pairs with no session held in 21 days or an overdue check-in, once per window."

    def handle(self, *args, **options):
        sent = services.send_nudges()
        self.stdout.write(f"Sent {sent} nudge{'s' if sent != 1 else ''}.")
