"""`manage.py send_nudges`: tell stalled pairs, once per window, and ask for the closing skills
ratings of pairs whose outcome evaluation opened by its date (run daily from cron; see
docs/decisions/0016-engagements.md and 0027-assessment-and-scorecard.md)."""

from django.core.management.base import BaseCommand

from portal.engagements import services


class Command(BaseCommand):
    help = (
        "Nudge pairs with no session held in 21 days or an overdue check-in, once per window; "
        "ask for the closing skills ratings once the outcome evaluation is open."
    )

    def handle(self, *args, **options):
        sent = services.send_nudges()
        self.stdout.write(f"Sent {sent} nudge{'s' if sent != 1 else ''}.")
        asked = services.ask_for_due_assessments()
        self.stdout.write(f"Asked {asked} pair{'s' if asked != 1 else ''} for closing ratings.")
