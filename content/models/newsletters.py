"""Newsletter sends: a newsletter issue (an ArticlePage of kind "Newsletter") emailed to an
audience. Each send is kept (who, when, to whom, how many): the page's admin view lists them,
and a second send to the same audience asks for an explicit "send again"."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NewsletterAudience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    MENTORS = "mentors", "Mentors"
    MENTEES = "mentees", "Mentees"
    PROGRAMME = "programme", "A programme's participants"
    COHORT = "cohort", "A cohort's participants"


class NewsletterSend(models.Model):
    page = models.ForeignKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="newsletter_sends"
    )
    audience = models.CharField(max_length=10, choices=NewsletterAudience.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cohort = models.ForeignKey(
        "programmes.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The audience in words when it was sent ("Mentors", "Emerging Leaders Circle"), kept if
    # the programme or cohort is later renamed or deleted.
    audience_label = models.CharField(max_length=250)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(
        help_text="How many people the audience held when it was sent."
    )
    delivered_count = models.PositiveIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    broadcast = models.ForeignKey(
        "notifications.Broadcast",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["page", "audience"], name="newsletter_send_audience")]

    def __str__(self) -> str:
        return f"{self.page} to {self.audience_label}"

    @property
    def people(self) -> int:
        """How many it reached, once delivered; how many it was sent to until then."""
        return self.recipient_count if self.delivered_count is None else self.delivered_count
