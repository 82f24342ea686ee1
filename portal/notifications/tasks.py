"""Background work of the notifications: sending each email, and each person's weekly digest.

Enqueued by services through `portal.tasks.enqueue_after_commit`. A failing mail server costs
an attempt, not the email: the task is tried again later (1 minute, 5, 30, then 2 hours; on a
backend that cannot defer, at once), up to MAX_ATTEMPTS, and then the notification is marked
failed (it stays in the inbox). Logs name notification ids and the error's class, never an
address or a title.
"""

import logging
from collections.abc import Callable, Sequence

from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone

from django_tasks import task
from django_tasks.base import Task

from portal.notifications import email
from portal.notifications.models import Broadcast, Notification
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


@task()
def send_broadcast_emails(notification_ids: list[int]) -> int:
    """Email one batch of a broadcast's notifications over one connection to the mail server.

    Read in one query with their recipients and the broadcast; those sent are marked in one
    UPDATE. Each failure costs that notification an attempt: the failed ones are tried again
    together later (same backoff as every email), so nobody gets a second copy because a
    neighbour's address bounced. Returns how many were sent."""
    notifications = list(
        Notification.objects.select_related("recipient", "broadcast", "actor")
        .filter(pk__in=notification_ids, email=Notification.Email.QUEUED, broadcast__isnull=False)
        .order_by("pk")
    )
    if not notifications:
        return 0
    sent: list[int] = []
    failed: list[Notification] = []
    error_class = ""
    with get_connection() as connection:
        for notification in notifications:
            try:
                connection.send_messages([email.broadcast_email(notification)])
            except Exception as error:
                failed.append(notification)
                error_class = type(error).__name__
            else:
                sent.append(notification.pk)
    if sent:
        Notification.objects.filter(pk__in=sent).update(
            email=Notification.Email.SENT,
            emailed_at=timezone.now(),
            email_attempts=F("email_attempts") + 1,
        )
    if failed:
        attempts = 1 + max(n.email_attempts for n in failed)
        ids = [n.pk for n in failed]
        retried = retry_later(send_broadcast_emails, attempts, ids)
        Notification.objects.filter(pk__in=ids).update(
            email_attempts=attempts,
            **({} if retried else {"email": Notification.Email.FAILED}),
        )
        log = logger.warning if retried else logger.error
        log(
            "Emailing broadcast notifications %s failed (attempt %d, %s)%s",
            ids,
            attempts,
            error_class,
            "; trying again later" if retried else "; giving up",
        )
    return len(sent)


@task()
def send_broadcast_test_email(user_id: int, message: dict[str, str]) -> bool:
    """Email a broadcast's test copy to the person who asked for it (its sender). Not retried:
    they are waiting for it, and can simply ask again."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    broadcast = Broadcast(
        kind=message["kind"],
        title=message["title"],
        url=message["url"],
        summary=message["summary"],
        html=message["html"],
        text=message["text"],
    )
    try:
        email.broadcast_test_email(user, broadcast).send()
    except Exception as error:
        logger.warning("Emailing a test broadcast failed (%s)", type(error).__name__)
        return False
    return True
