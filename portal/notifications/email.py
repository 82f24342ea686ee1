"""Notification emails: an HTML and a text part rendered from templates in the site's look,
with a link straight to the page and one-click unsubscribe headers (RFC 8058).

Everything a person wrote (names, titles, bodies) reaches the HTML part through the template's
autoescaping, and the subject line is one line of plain text: a hostile display name or title
renders inert.
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from portal.notifications.kinds import KINDS
from portal.notifications.models import Broadcast, Notification
from portal.notifications.unsubscribe import EVERY_KIND, unsubscribe_token
from portal.people.models import User


def absolute(path: str) -> str:
    """The full address of a path on this site (emails are read outside it)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _subject(text: str) -> str:
    # One line: a newline in a header would be refused (or, elsewhere, start a new header).
    return " ".join(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{text}".split())[:250]


def _message(
    user: User, subject: str, template: str, context: dict, unsubscribe_kind: str
) -> EmailMultiAlternatives:
    unsubscribe_url = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user, unsubscribe_kind)])
    )
    context = {
        **context,
        "recipient": user,
        "site_name": settings.SITE_NAME,
        "home_url": absolute("/"),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=_subject(subject),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    kind = KINDS.get(notification.kind)
    message = _message(
        notification.recipient,
        notification.title,
        "notification",
        {
            "notification": notification,
            "kind": kind,
            "page_url": absolute(notification.url),
        },
        notification.kind,
    )
    if notification.calendar:
        method = "CANCEL" if "METHOD:CANCEL" in notification.calendar else "REQUEST"
        message.attach(
            "invite.ics", notification.calendar, f"text/calendar; method={method}; charset=utf-8"
        )
    return message


def digest_email(user: User, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    count = len(notifications)
    items = [(n, absolute(n.url)) for n in notifications]
    return _message(
        user,
        f"Your week on Lodestar: {count} update{'s' if count != 1 else ''}",
        "digest",
        {"items": items, "count": count, "inbox_url": absolute(reverse("notifications:inbox"))},
        EVERY_KIND,
    )


def _broadcast_message(
    user: User, broadcast: Broadcast, *, is_test: bool
) -> EmailMultiAlternatives:
    kind = KINDS.get(broadcast.kind)
    subject = f"Test: {broadcast.title}" if is_test else broadcast.title
    return _message(
        user,
        subject,
        "broadcast",
        {
            "broadcast": broadcast,
            "kind": kind,
            "page_url": absolute(broadcast.url),
            "is_test": is_test,
        },
        broadcast.kind,
    )


def broadcast_email(notification: Notification) -> EmailMultiAlternatives:
    """The email of one person's copy of a broadcast (a newsletter issue)."""
    return _broadcast_message(notification.recipient, notification.broadcast, is_test=False)


def broadcast_test_email(user: User, broadcast: Broadcast) -> EmailMultiAlternatives:
    """The same email for its sender, marked as a test (the broadcast is not saved)."""
    return _broadcast_message(user, broadcast, is_test=True)


def broadcast_preview(user: User, broadcast: Broadcast) -> str:
    """The HTML part exactly as `user` would receive it, for the sender's preview screen."""
    html, _ = _broadcast_message(user, broadcast, is_test=False).alternatives[0]
    return str(html)
