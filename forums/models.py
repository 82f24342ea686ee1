"""Communities: which audience each machina forum serves, who moderates it, reports on posts and
discussions opened from content.

machina's own models are never subclassed or swapped (we would own their migration chain); these
tables sit beside them and point at them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Community(models.Model):
    """A machina forum with an audience. Access to the forum is derived from `kind` (and the
    cohort for cohort forums) in forums.permissions; nothing is granted by hand."""

    class Kind(models.TextChoices):
        QUESTIONS = "questions", "Open Q&A (every member)"
        MENTORS = "mentors", "Mentor peer community (mentors and external experts)"
        ALUMNI = "alumni", "Alumni network (completed an engagement)"
        COHORT = "cohort", "Cohort forum (its members and the programme's managers)"

    forum = models.OneToOneField("forum.Forum", on_delete=models.CASCADE, related_name="community")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    cohort = models.OneToOneField(
        "programmes.Cohort",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community",
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_communities",
        help_text="People with the Moderator role who work this forum's queue.",
    )

    class Meta:
        verbose_name_plural = "communities"
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=~models.Q(kind="cohort"),
                name="one_community_per_standard_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="cohort", cohort__isnull=False)
                | (~models.Q(kind="cohort") & models.Q(cohort__isnull=True)),
                name="cohort_forum_has_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.forum_id}"


class PostReport(models.Model):
    """A member's report that a post breaks the community's rules."""

    class Reason(models.TextChoices):
        DISRESPECTFUL = "disrespectful", "Disrespectful or harassing"
        CONFIDENTIAL = "confidential", "Shares confidential information"
        SPAM = "spam", "Spam or advertising"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        OPEN = "open", "Waiting for a moderator"
        DISMISSED = "dismissed", "Dismissed: the post stays"
        REMOVED = "removed", "Post removed"

    # Kept (without the post) when a moderator removes the post: the record of the decision stays.
    post = models.ForeignKey(
        "forum_conversation.Post",
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    excerpt = models.CharField(max_length=300, blank=True, help_text="The post as reported.")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reports"
    )
    reason = models.CharField(max_length=14, choices=Reason.choices)
    detail = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(outcome="open"),
                name="one_open_report_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"Report on post {self.post_id} ({self.get_outcome_display()})"


class Discussion(models.Model):
    """A topic opened from a piece of content (a playbook, a case study); the topic links back."""

    topic = models.OneToOneField(
        "forum_conversation.Topic", on_delete=models.CASCADE, related_name="discussion"
    )
    source_url = models.CharField(max_length=500)
    source_title = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["source_url"])]

    def __str__(self) -> str:
        return f"Discussion of {self.source_title}"
