"""Reads of the notifications, always one person's own: their inbox and their unread count."""

from django.db.models import QuerySet

from portal import generations
from portal.notifications import cache
from portal.notifications.models import Notification


def inbox(user) -> QuerySet[Notification]:
    """`user`'s notifications, newest first (nobody else's: every read starts here)."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """How many of `user`'s notifications are unread: from the cache while none of theirs is
    written or read (the header asks on every page), else one COUNT."""
    if not user.is_authenticated:
        return 0
    return generations.cached(
        ("notifications:unread", user.pk),
        [cache.inbox(user.pk)],
        lambda: inbox(user).filter(read_at__isnull=True).count(),
    )
