"""Small helpers for the notification tests: forms posted through the rendered page."""

import re

from django.test import Client

from portal.notifications.models import Notification


def signed_in(user) -> Client:
    """A client that checks CSRF tokens, as a browser session does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def inbox_of(user, kind: str | None = None) -> list[Notification]:
    notifications = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    if kind:
        notifications = notifications.filter(kind=kind)
    return list(notifications)
