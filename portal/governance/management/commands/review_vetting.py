"""`manage.py review_vetting`: remind external experts and their approving manager 30 days
before a vetting expires, and mark the vettings that have expired (run daily from cron; see
docs/decisions/0023-external-experts.md). Idempotent: a second run the same day does nothing."""

from django.core.management.base import BaseCommand

from portal.governance import services


class Command(BaseCommand):
    help = "Remind of vettings expiring in 30 days and mark expired ones, once each."

    def handle(self, *args, **options):
        reminded, expired = services.review_expiries()
        self.stdout.write(
            f"Reminded {reminded} vetting{'s' if reminded != 1 else ''} expiring soon; "
            f"marked {expired} expired."
        )
