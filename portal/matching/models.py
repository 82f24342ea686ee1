"""Matching records: each programme's weights, every run with its proposal, published matches
and the answers to them, and a log of every decision (who, when, why, with which settings)."""

from django.db import models
from django.utils import timezone

from portal.matching import engine
from portal.people.models import MentorProfile, User
from portal.programmes.models import Cohort, Engagement, MatchingMode, Programme


def _weight_field(factor: str) -> models.FloatField:
    return models.FloatField(
        default=engine.DEFAULT_WEIGHTS[factor],
        help_text=f"{engine.FACTOR_LABELS[factor]}. 0 ignores it; higher counts for more.",
    )


class MatchingWeights(models.Model):
    """How much each factor counts in a programme's matching runs (one row per programme)."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="matching_weights"
    )
    gap_coverage = _weight_field("gap_coverage")
    style_fit = _weight_field("style_fit")
    format_overlap = _weight_field("format_overlap")
    availability = _weight_field("availability")
    language = _weight_field("language")
    affinity = _weight_field("affinity")
    shortlist = _weight_field("shortlist")
    answers = _weight_field("answers")
    maximize_matched = models.BooleanField(
        default=False,
        help_text="Match as many people as possible first, then the best fit.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "matching weights"

    def __str__(self) -> str:
        return f"Matching weights of {self.programme}"

    def as_dict(self) -> dict[str, float]:
        return {factor: float(getattr(self, factor)) for factor in engine.FACTORS}


class MatchRun(models.Model):
    """One run of the engine for a cohort, with the settings it used and what it proposed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Ready for review"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_runs")
    run_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    settings = models.JSONField(default=dict, help_text="Weights and options, as run.")
    mode = models.CharField(
        max_length=10,
        choices=MatchingMode.choices,
        default=MatchingMode.BEST_FIT,
        help_text="How this run chose its pairs (the programme's mode, or a what-if).",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    progress_note = models.CharField(max_length=200, blank=True)
    message = models.CharField(max_length=500, blank=True)
    mentee_count = models.PositiveIntegerField(default=0)
    mentor_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0.0)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Run #{self.pk} for {self.cohort}"

    @property
    def is_reviewable(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.PUBLISHED)

    @property
    def is_stable(self) -> bool:
        return self.mode == MatchingMode.STABLE

    @property
    def other_mode(self) -> MatchingMode:
        """The mode this run did not use: a what-if run in it compares the two."""
        return MatchingMode.BEST_FIT if self.is_stable else MatchingMode.STABLE


class ProposedPair(models.Model):
    """A pair in a run's proposal, with each factor's contribution to its score."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    explanation = models.JSONField(default=dict, help_text="Factor: contribution to the score.")
    mentee_rank = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The mentor's place in the mentee's choices (1: their first choice); empty "
        "for a pair outside their choices (an override that breaks a rule).",
    )
    broken_rules = models.JSONField(default=list, blank=True)
    ruled_out = models.JSONField(
        default=list,
        blank=True,
        help_text="Mentors a rule about this pair of people forbids (declared conflict, "
        "reporting line), each as a sentence.",
    )
    locked = models.BooleanField(default=False)
    overridden = models.BooleanField(default=False)
    override_reason = models.CharField(max_length=300, blank=True)
    overridden_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="one_pair_per_mentee_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.mentee} with {self.mentor.user} ({self.score:.2f})"


class UnmatchedMentee(models.Model):
    """A mentee a run left out, and the rule or shortage that did."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    ruled_out = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee"], name="one_unmatched_per_mentee_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee} unmatched in run #{self.run_id}"


class MatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MatchQuerySet":
        """The matches a member is part of, as mentee or as mentor; nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(mentee=user) | models.Q(mentor__user=user))


class Match(models.Model):
    """A published pair waiting for both people to accept; both yes makes an Engagement."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for answers"
        ACCEPTED = "accepted", "Accepted by both"
        DECLINED = "declined", "Declined"

    class Answer(models.TextChoices):
        PENDING = "pending", "Not answered yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="matches")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="proposed_matches")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="matches")
    score = models.FloatField()
    explanation = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    mentee_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    mentor_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    mentee_reason = models.CharField(max_length=300, blank=True)
    mentor_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    engagement = models.OneToOneField(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="match"
    )

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "programme"],
                condition=models.Q(status="pending"),
                name="one_pending_match_per_mentee_per_programme",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} proposed for {self.mentee}"


class MatchEvent(models.Model):
    """Every decision in matching: runs, locks, overrides, publishing and answers."""

    class Action(models.TextChoices):
        RAN = "ran", "Ran matching"
        LOCKED = "locked", "Locked a pair"
        UNLOCKED = "unlocked", "Unlocked a pair"
        OVERRIDDEN = "overridden", "Overrode a pair"
        PUBLISHED = "published", "Published"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WAITLISTED = "waitlisted", "Back on the waiting list"
        ENGAGED = "engaged", "Engagement started"

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="events")
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · run #{self.run_id}"

    @property
    def mode_label(self) -> str:
        """The matching mode recorded with a run or publication ("" for other events)."""
        mode = (self.details or {}).get("mode")
        return MatchingMode(mode).label if mode in MatchingMode.values else ""
