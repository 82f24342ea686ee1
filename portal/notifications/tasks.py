"""Background work of the notifications: sending each email, and each person's weekly digest.

Enqueued by services through `portal.tasks.enqueue_after_commit`. A failing mail server costs
an attempt, not the email: the task is tried again later (1 minute, 5, 30, then 2 hours; on a
backend that cannot defer, at once), up to MAX_ATTEMPTS, and then the notification is marked
failed (it stays in the inbox). Logs name notification ids and the error's class, never an
address or a title.
"""

import logging
from collections.abc import Callable, Sequence

from django.db.models import F
from django.utils import timezone

from django_tasks import task
from django_tasks.base import Task

from portal.notifications import email
from portal.notifications.models import Notification
from portal.people.models import User
from portal.tasks import retry_later

logger = logging.getLogger(__name__)


def _attempt(
    ids: Sequence[int], send: Callable[[], object], again: Task[..., bool], *args: object
) -> bool:
    """Send; record the attempt's outcome on the notifications `ids`; retry or give up."""
    try:
        send()
    except Exception as error:
        attempts = 1 + max(
            Notification.objects.filter(pk__in=ids).values_list("email_attempts", flat=True),
            default=0,
        )
        retried = retry_later(again, attempts, *args)
        Notification.objects.filter(pk__in=ids).update(
            email_attempts=attempts,
            **({} if retried else {"email": Notification.Email.FAILED}),
        )
        if retried:
            logger.warning(
                "Emailing notifications %s failed (attempt %d, %s); trying again later",
                list(ids),
                attempts,
                type(error).__name__,
            )
        else:
            logger.error(
                "Gave up emailing notifications %s after %d attempts (%s)",
                list(ids),
                attempts,
                type(error).__name__,
            )
        return False
    Notification.objects.filter(pk__in=ids).update(
        email=Notification.Email.SENT,
        emailed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    return True


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification that is queued to go at once."""
    notification = (
        Notification.objects.select_related("recipient", "actor")
        .filter(pk=notification_id, email=Notification.Email.QUEUED)
        .first()
    )
    if notification is None:  # sent already, or the person deleted their account
        return False
    message = email.notification_email(notification)
    return _attempt([notification.pk], message.send, send_notification_email, notification_id)


@task()
def send_digest_email(user_id: int, notification_ids: list[int]) -> bool:
    """Email one person's weekly digest: the notifications `queue_digests` gathered for it."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    notifications = list(
        Notification.objects.filter(
            pk__in=notification_ids, recipient_id=user_id, email=Notification.Email.QUEUED
        ).order_by("created_at", "pk")
    )
    if user is None or not notifications:
        return False
    message = email.digest_email(user, notifications)
    return _attempt(
        [n.pk for n in notifications], message.send, send_digest_email, user_id, notification_ids
    )
