"""Notifications: what Lodestar told each person (their inbox) and how each kind reaches them.

A notification is one person's copy of an event, written once by `services.notify` and never
edited afterwards, apart from when it was read and how its email went.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.notifications.kinds import DELIVERY_LABELS, Delivery

DELIVERY_CHOICES = [(delivery.value, label) for delivery, label in DELIVERY_LABELS.items()]


class Broadcast(models.Model):
    """One message sent to many people at once (a newsletter issue): its email content is
    rendered once, here, and each recipient's notification points at it, so ten thousand
    notifications do not carry ten thousand copies of the same HTML.

    `html` is the body as the sending app rendered it from its own templates for email and
    sanitised (services.start_broadcast); the email template places it between our header and
    footer."""

    kind = models.CharField(max_length=60)  # a key of portal.notifications.kinds.KINDS
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text="The page it is about, a path on this site.")
    html = models.TextField(help_text="The body for email, sanitised, with absolute links.")
    text = models.TextField(help_text="The body as plain text, for the email's text part.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    class Email(models.TextChoices):
        QUEUED = "queued", "Queued to send at once"
        DIGEST = "digest", "Waiting for the weekly digest"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed after every attempt"
        NONE = "none", "Not emailed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)  # a key of portal.notifications.kinds.KINDS
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text="The page it is about, a path on this site.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # A calendar invite (iCalendar text) its email carries, for sessions; never shown in pages.
    calendar = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Set for a notification that is one copy of a broadcast: its email carries the broadcast.
    broadcast = models.ForeignKey(
        Broadcast, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email="digest"),
                name="notification_digest_due",
            ),
        ]
        constraints = [
            # A broadcast reaches each person once, however often its delivery is retried.
            models.UniqueConstraint(
                fields=["broadcast", "recipient"],
                condition=models.Q(broadcast__isnull=False),
                name="one_notification_per_broadcast",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How one kind reaches one person; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(
        max_length=12, choices=DELIVERY_CHOICES, default=Delivery.IMMEDIATELY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"
