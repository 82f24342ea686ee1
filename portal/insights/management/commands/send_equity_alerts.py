"""`manage.py send_equity_alerts`: tell programme managers when a group's rate in one of their
programmes falls below four-fifths of the highest group's, once a month while it lasts (run
daily from cron; see docs/decisions/0026-equity-monitoring.md)."""

from django.core.management.base import BaseCommand

from portal.insights import services


class Command(BaseCommand):
    help = "Tell programme managers of equity alerts (four-fifths rule) on their programmes."

    def handle(self, *args, **options):
        sent = services.send_equity_alerts()
        self.stdout.write(f"Sent {sent} alert{'s' if sent != 1 else ''}.")
