"""The one way anything in Lodestar tells a person something: `notify`.

Services of every app call it for the events they perform (never views or templates). Each
notification lands in the recipient's inbox; whether and when it is also emailed follows their
preference for its kind (portal/notifications/kinds.py). Emails are sent by background tasks
after the change commits, so a slow or failing mail server never fails the person's action.
"""

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from portal import generations
from portal.notifications import cache, tasks
from portal.notifications.kinds import KINDS, Delivery, Kind
from portal.notifications.models import Notification, Preference
from portal.people.models import User
from portal.tasks import enqueue_after_commit

DIGEST_PERIOD = timedelta(days=7)

# While set, notifications reach the inbox only (the demo seed: no email for made-up people).
_emails_held: ContextVar[bool] = ContextVar("notification_emails_held", default=False)

EMAIL_FOR = {
    Delivery.IMMEDIATELY: Notification.Email.QUEUED,
    Delivery.DIGEST: Notification.Email.DIGEST,
    Delivery.OFF: Notification.Email.NONE,
}


@contextlib.contextmanager
def emails_held() -> Iterator[None]:
    """Notifications made inside reach the inbox but are never emailed (demo data)."""
    token = _emails_held.set(True)
    try:
        yield
    finally:
        _emails_held.reset(token)


def _kind(kind: Kind | str) -> Kind:
    return kind if isinstance(kind, Kind) else KINDS[kind]


def deliveries(user: User) -> dict[str, Delivery]:
    """How each kind reaches `user`: their choice where they made one and policy allows it."""
    chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
    return {
        key: kind.allowed(Delivery(chosen[key])) if key in chosen else kind.default
        for key, kind in KINDS.items()
    }


@transaction.atomic
def notify(
    recipients: Iterable[User],
    kind: Kind | str,
    *,
    title: str,
    url: str,
    body: str = "",
    actor: User | None = None,
    calendar: str = "",
) -> list[Notification]:
    """Tell each of `recipients` (but not `actor`, who did it) about an event of `kind`.

    `title` is one line naming what happened; `body` a sentence or two more; `url` the path on
    this site of the page it is about (the inbox and the email link straight to it). Inactive
    people are skipped. Returns the notifications made. `calendar`, an iCalendar invite (a
    session's METHOD:CANCEL included), is attached to the immediate email, so calendars follow.
    """
    kind = _kind(kind)
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("A notification links to a page of this site: give its path.")
    people = {
        person.pk: person
        for person in recipients
        if person is not None and person.is_active and (actor is None or person.pk != actor.pk)
    }
    if not people:
        return []
    chosen = dict(
        Preference.objects.filter(user_id__in=people, kind=kind.key).values_list(
            "user_id", "delivery"
        )
    )
    held = _emails_held.get()
    title = " ".join(title.split())[:200]
    now = timezone.now()
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind.key,
                title=title,
                body=body.strip(),
                url=url[:500],
                actor=actor,
                created_at=now,
                calendar=calendar,
                email=(
                    Notification.Email.NONE
                    if held or not person.email
                    else EMAIL_FOR[kind.allowed(Delivery(chosen.get(pk, kind.default)))]
                ),
            )
            for pk, person in people.items()
        ]
    )
    generations.retire(*(cache.inbox(pk) for pk in people))
    for notification in made:
        if notification.email == Notification.Email.QUEUED:
            enqueue_after_commit(tasks.send_notification_email, notification.pk)
    return made


def open_notification(notification: Notification) -> str:
    """The recipient opens it: it is read from now on. Returns the page it is about."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        generations.retire(cache.inbox(notification.recipient_id))
    return notification.url


def mark_all_read(user: User) -> int:
    """Every unread notification of `user` is read; returns how many were unread."""
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        generations.retire(cache.inbox(user.pk))
    return count


@transaction.atomic
def set_preferences(user: User, chosen: Mapping[str, Delivery]) -> None:
    """Save how each kind reaches `user`; a choice policy forbids becomes the digest."""
    for key, delivery in chosen.items():
        kind = KINDS[key]
        Preference.objects.update_or_create(
            user=user, kind=key, defaults={"delivery": kind.allowed(delivery)}
        )


# --- one-click unsubscribe --------------------------------------------------------------------


@transaction.atomic
def unsubscribe(user: User, chosen: Iterable[Kind]) -> None:
    """Turn the kinds' email off, or move it to the digest where policy forbids off (the
    kinds a signed link names: portal/notifications/unsubscribe.py)."""
    set_preferences(user, {kind.key: kind.least for kind in chosen})


# --- the weekly digest --------------------------------------------------------------------------


def queue_digests(now: datetime | None = None) -> int:
    """Queue one digest email per person with digest notifications from the past week.

    Run weekly (docs/decisions/0012-notifications.md). Notifications older than a week that no
    digest carried (the schedule did not run) are not sent late: they stay in the inbox. Running
    it twice in a week sends nothing the second time. Returns the number of digests queued.
    """
    now = now or timezone.now()
    since = now - DIGEST_PERIOD
    waiting = Notification.objects.filter(email=Notification.Email.DIGEST)
    waiting.filter(created_at__lt=since).update(email=Notification.Email.NONE)
    by_person: dict[int, list[int]] = {}
    for pk, recipient_id in waiting.filter(created_at__lt=now).values_list("pk", "recipient_id"):
        by_person.setdefault(recipient_id, []).append(pk)
    with transaction.atomic():
        for recipient_id, ids in by_person.items():
            claimed = Notification.objects.filter(
                pk__in=ids, email=Notification.Email.DIGEST
            ).update(email=Notification.Email.QUEUED)
            if claimed:
                enqueue_after_commit(tasks.send_digest_email, recipient_id, ids)
    return len(by_person)
