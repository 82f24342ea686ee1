"""Changes of state insights makes: telling programme managers of equity alerts.

The alerts are the page's own (`queries.equity_report(...).alerts()`, computed from suppressed
figures only), so a notification never says more than the page does.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from portal.insights import queries
from portal.notifications.kinds import EQUITY_ALERT
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.programmes.models import Programme

# A manager is told of the same alert again after this long, if it still holds.
REMIND_AFTER = timedelta(days=30)


def send_equity_alerts(now: datetime | None = None) -> int:
    """Tell each programme's managers of every four-fifths alert on its equity page that they
    were not told of in the last REMIND_AFTER (their inbox is the record: no state of our own).
    Run daily (`manage.py send_equity_alerts`). Returns how many notifications were made."""
    now = now or timezone.now()
    sent = 0
    programmes = Programme.objects.prefetch_related("managers").order_by("name")
    for programme in programmes:
        managers = [person for person in programme.managers.all() if person.is_active]
        if not managers:
            continue
        alerts = queries.equity_report(programme).alerts()
        if not alerts:
            continue
        url = f"{reverse('insights:equity')}?programme={programme.slug}"
        recent = set(
            Notification.objects.filter(
                kind=EQUITY_ALERT.key,
                recipient__in=managers,
                url=url,
                created_at__gte=now - REMIND_AFTER,
            ).values_list("recipient_id", "title")
        )
        for alert in alerts:
            title = (
                f"{programme.name}: {alert.measure_label} of {alert.group} "
                f"({alert.dimension.lower()}) is below four-fifths of the highest group's"
            )
            title = " ".join(title.split())[:200]
            to_tell = [person for person in managers if (person.pk, title) not in recent]
            made = notify(
                to_tell,
                EQUITY_ALERT,
                title=title,
                body=f"{alert.percent}% against {alert.highest_percent}% for "
                f"{alert.highest_group}. Open the equity page for the figures and definitions.",
                url=url,
            )
            sent += len(made)
    return sent
