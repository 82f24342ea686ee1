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
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

import nh3

from portal import generations
from portal.notifications import cache, tasks
from portal.notifications.kinds import KINDS, Delivery, Kind
from portal.notifications.models import Broadcast, Notification, Preference
from portal.people.models import User
from portal.tasks import enqueue_after_commit

DIGEST_PERIOD = timedelta(days=7)
# How many people one step of a broadcast reads, notifies and emails: memory and queries per
# step stay the same however large the audience.
BROADCAST_BATCH = 500

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


def emails_are_held() -> bool:
    """Whether emails are held (inside `emails_held`): other emails a change sends (a line
    manager's rating link) are held too."""
    return _emails_held.get()


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


# --- broadcasts (one message to many people: newsletters) ---------------------------------------

# What a broadcast's HTML may hold: the prose of an email, inline styles (mail clients read
# nothing else), links and images. Scripts, forms, frames and event handlers never pass.
EMAIL_TAGS = {
    "a", "b", "blockquote", "br", "em", "figcaption", "figure", "h2", "h3", "i", "img", "li",
    "ol", "p", "span", "strong", "table", "tbody", "td", "tr", "ul",
}  # fmt: skip
EMAIL_ATTRIBUTES = {
    "*": {"style"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align"},
}


def _absolute(url: str) -> str:
    from portal.notifications.email import absolute

    return absolute(url) if url.startswith("/") and not url.startswith("//") else url


def _email_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Links and images point at the site by absolute address: the email is read elsewhere."""
    if attribute in ("href", "src"):
        return _absolute(value)
    return value


def clean_email_html(html: str) -> str:
    """`html` as an email may carry it: allowed tags only, http(s)/mailto links, absolute URLs."""
    return nh3.clean(
        html,
        tags=EMAIL_TAGS,
        attributes=EMAIL_ATTRIBUTES,
        attribute_filter=_email_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def start_broadcast(
    kind: Kind | str,
    *,
    title: str,
    url: str,
    summary: str,
    html: str,
    text: str,
    actor: User | None,
) -> Broadcast:
    """Record one message for many people; `deliver_broadcast` then tells them, in batches.

    `html` is the body the sending app rendered for email from its own templates; it is
    sanitised here whatever it holds, and its links and images made absolute."""
    kind = _kind(kind)
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("A broadcast links to a page of this site: give its path.")
    return Broadcast.objects.create(
        kind=kind.key,
        title=" ".join(title.split())[:200],
        summary=summary.strip(),
        url=url[:500],
        html=clean_email_html(html),
        text=text.strip(),
        actor=actor,
    )


def deliver_broadcast(broadcast: Broadcast, recipients: QuerySet[User]) -> int:
    """Put `broadcast` in the inbox of each active person of `recipients` (a queryset, never
    loaded whole) and email it as each one chose for its kind. Returns how many were told.

    People are taken BROADCAST_BATCH at a time in id order, each batch in a fixed number of
    queries (the people with their preference, the notifications, one email task), so the
    queries grow with the number of batches, never one per person. Someone already told of
    this broadcast is skipped, so running it again (a retried task) tells nobody twice. Runs
    in a background task (content's newsletter delivery)."""
    kind = KINDS[broadcast.kind]
    held = _emails_held.get()
    chosen = Preference.objects.filter(user=OuterRef("pk"), kind=kind.key).values("delivery")[:1]
    already = Notification.objects.filter(broadcast=broadcast, recipient=OuterRef("pk"))
    pending = (
        recipients.filter(is_active=True)
        .exclude(Exists(already))
        .annotate(chosen=Subquery(chosen))
        .order_by("pk")
    )
    told, after = 0, 0
    while True:
        batch = list(
            pending.filter(pk__gt=after).values_list("pk", "email", "chosen")[:BROADCAST_BATCH]
        )
        if not batch:
            return told
        after = batch[-1][0]
        with transaction.atomic():
            made = Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=pk,
                        kind=kind.key,
                        title=broadcast.title,
                        body=broadcast.summary,
                        url=broadcast.url,
                        actor_id=broadcast.actor_id,
                        created_at=broadcast.created_at,
                        broadcast=broadcast,
                        email=(
                            Notification.Email.NONE
                            if held or not address
                            else EMAIL_FOR[kind.allowed(Delivery(delivery or kind.default))]
                        ),
                    )
                    for pk, address, delivery in batch
                ],
                ignore_conflicts=False,
            )
            generations.retire(*(cache.inbox(pk) for pk, _, _ in batch))
            queued = [n.pk for n in made if n.email == Notification.Email.QUEUED]
            if queued:
                enqueue_after_commit(tasks.send_broadcast_emails, queued)
        told += len(batch)


def send_broadcast_test(
    user: User,
    kind: Kind | str,
    *,
    title: str,
    url: str,
    summary: str,
    html: str,
    text: str,
) -> None:
    """Email `user` the message as its recipients will get it, marked as a test; nothing in
    anybody's inbox, nothing recorded. Sent by a background task, like every email."""
    kind = _kind(kind)
    enqueue_after_commit(
        tasks.send_broadcast_test_email,
        user.pk,
        {
            "kind": kind.key,
            "title": title,
            "url": url,
            "summary": summary,
            "html": clean_email_html(html),
            "text": text,
        },
    )
