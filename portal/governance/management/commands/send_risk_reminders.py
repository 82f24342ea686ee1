"""`manage.py send_risk_reminders`: tell risk owners when a review date arrives and mitigation
owners when a mitigation is overdue, once each (run daily from cron; see
docs/decisions/0022-risks-and-reviews.md)."""

from django.core.management.base import BaseCommand

from portal.governance import services


class Command(BaseCommand):
    help = "Remind risk owners of review dates and mitigation owners of overdue mitigations."

    def handle(self, *args, **options):
        sent = services.send_risk_reminders()
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
