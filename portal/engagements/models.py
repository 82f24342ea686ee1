"""The pair's workspace, hung off `programmes.Engagement`: the agreement each side confirmed,
goals and milestones, sessions with their calendar invites, notes in four tiers, and the log of
decisions and sensitive reads (EngagementLogEntry)."""

import secrets
import uuid
from datetime import timedelta

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from portal.people.models import Competency, LearningGoal, User, in_good_standing
from portal.people.roles import manages_every_programme, may_manage_programmes
from portal.programmes.models import Engagement, Programme

NOTE_MAX_LENGTH = 20_000


def member_of(user, path: str = "") -> Q:
    """Rows of engagements `user` is in: a mentee always keeps her own engagements; a mentor
    only while the engagement is active (a mentor whose engagement ended loses access at once)
    and while in good standing (an external expert whose vetting is rejected or expired loses
    access to the mentee's data the same day: people.models.in_good_standing).
    `path` leads from the model to the engagement ("engagement__", or "" for Engagement)."""
    return Q(**{f"{path}mentee": user}) | (
        Q(**{f"{path}mentor__user": user, f"{path}status": Engagement.Status.ACTIVE})
        & in_good_standing(f"{path}mentor__")
    )


class AgreementConfirmation(models.Model):
    """One person's confirmation of the agreement, with the version of the wording they saw."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="agreement_confirmations"
    )
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=12)
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "person", "version"], name="one_confirmation_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"Agreement confirmation {self.pk}"


class Goal(models.Model):
    """A concrete, time-bound development goal of the pair."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="goals")
    statement = models.CharField(max_length=300, help_text="What the mentee will be able to do.")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(
        "measure of success", max_length=500, help_text="How you will both know it is achieved."
    )
    target_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Per cent, 0–100."
    )
    # A goal-linked business measure (ADR 0027): a number before, the number aimed for and the
    # number reached, in the unit named. Optional; the scorecard's business impact reads them.
    impact_metric = models.CharField(
        "business measure",
        max_length=120,
        blank=True,
        help_text="A number the goal should move, e.g. “Team engagement score” or “Days to "
        "close a deal”. Leave empty if the goal has none.",
    )
    impact_baseline = models.DecimalField(
        "measure at the start", max_digits=12, decimal_places=2, null=True, blank=True
    )
    impact_target = models.DecimalField(
        "measure aimed for", max_digits=12, decimal_places=2, null=True, blank=True
    )
    impact_result = models.DecimalField(
        "measure reached",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Fill in when you know it, usually at the end.",
    )
    # The intake learning goal it was seeded from (once per engagement).
    learning_goal = models.ForeignKey(
        LearningGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "learning_goal"],
                condition=Q(learning_goal__isnull=False),
                name="one_goal_per_learning_goal",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_percent"),
        ]

    def __str__(self) -> str:
        # Neutral: the label is copied into the log, which programme managers can read.
        return f"Goal {self.pk}"


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Milestone {self.pk}"


def new_session_uid() -> str:
    return f"{uuid.uuid4()}@lodestar"


class Session(models.Model):
    """A meeting of the pair: scheduled, then cancelled or logged (held / no-show / moved).
    `uid` and `sequence` are the calendar invite's identity and revision."""

    class Format(models.TextChoices):
        VIDEO = "video", "Video call"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"
        NO_SHOW = "no_show", "No-show"
        MOVED = "moved", "Moved"

    OPEN = (Status.SCHEDULED,)
    LOGGED = (Status.HELD, Status.NO_SHOW, Status.MOVED)

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.VIDEO)
    place = models.CharField(
        "place or link", max_length=300, blank=True, help_text="A room, an address or a call link."
    )
    agenda = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    actual_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    scheduled_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uid = models.CharField(max_length=80, unique=True, default=new_session_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["engagement", "starts_at"])]

    def __str__(self) -> str:
        return f"Session {self.pk}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class CalendarFeed(models.Model):
    """A person's secret calendar feed address; resetting the token revokes the old one."""

    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NoteQuerySet":
        """The notes whose text `user` may read; the one place that decides it.

        Private: the author, while in the engagement. Shared with the pair: both members.
        Programme summary: both members and the managers of the engagement's programme.
        Nobody else reads a note's text (managers read other tiers only through break-glass,
        `services.open_note`, which is recorded)."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        member = member_of(user, "engagement__")
        rule = (member & Q(tier=Note.Tier.PRIVATE, author=user)) | (
            member & Q(tier__in=[Note.Tier.PAIR, Note.Tier.SUMMARY])
        )
        if may_manage_programmes(user):
            rule |= Q(
                tier=Note.Tier.SUMMARY,
                engagement__programme__in=Programme.objects.managed_by(user).values("pk"),
            )
        return self.filter(rule)


class Note(models.Model):
    """A note in the pair's workspace. Never indexed for search, never logged, never exported
    but by its author."""

    class Tier(models.TextChoices):
        PRIVATE = "private", "Private: only me"
        PAIR = "pair", "Shared with my mentoring partner"
        SUMMARY = "summary", "Programme summary: also the programme team"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(max_length=8, choices=Tier.choices, default=Tier.PAIR)
    text = models.TextField(validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["engagement", "tier"])]

    def __str__(self) -> str:
        return f"Note {self.pk}"  # never the text: labels reach the log


class CheckInAnswer(models.Model):
    """One side's answers to one check-in (window `number`, see checkins.py). Blind: the other
    side reads it only when both have answered or the window closed (queries.checkin_for).
    One row per person and window: a second submit (a double click) is refused by the key."""

    class Rhythm(models.TextChoices):
        AS_AGREED = "as_agreed", "We meet as often as we agreed"
        LESS = "less", "Less often than we agreed"
        MORE = "more", "More often than we agreed"
        STOPPED = "stopped", "We have stopped meeting"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="checkin_answers"
    )
    number = models.PositiveSmallIntegerField(help_text="Which check-in: 1 is the first.")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # {goal id: 1–5}, the goals as they were when answered.
    goal_progress = models.JSONField(default=dict)
    relationship = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rhythm = models.CharField(max_length=10, choices=Rhythm.choices)
    going_well = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    would_help = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "number", "person"], name="one_checkin_answer_per_person"
            ),
            models.CheckConstraint(
                condition=Q(relationship__gte=1, relationship__lte=5),
                name="checkin_relationship_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in answer {self.pk}"


class OutcomeEvaluation(models.Model):
    """One side's outcome evaluation; both in, the engagement is complete. The mentee rates
    herself before and after on each goal's competency; the mentor rates her progress."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="evaluations")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # {goal id: true/false}
    goals_achieved = models.JSONField(default=dict)
    # The mentee's self-rating on each goal's competency, {competency id: 1–5}, before and after.
    rating_before = models.JSONField(default=dict, blank=True)
    rating_after = models.JSONField(default=dict, blank=True)
    mentor_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    narrative = models.TextField(validators=[MaxLengthValidator(3000)])
    consent_to_feature = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "person"], name="one_evaluation_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome evaluation {self.pk}"


class Assessment(models.Model):
    """One rater's 180-degree rating of the mentee on the engagement's goal competencies, at
    the start (pre) or at completion (post): the mentee herself, her mentor, or her line
    manager (through a ManagerLink). The manager's post rating also carries the behaviour
    change they observed. One row per engagement, phase and rater: a second submit is refused
    by the key. `mean_level` is the ratings' average, kept so the scorecard aggregates in SQL."""

    class Phase(models.TextChoices):
        PRE = "pre", "At the start"
        POST = "post", "At completion"

    class Rater(models.TextChoices):
        SELF = "self", "Mentee (self)"
        MENTOR = "mentor", "Mentor"
        MANAGER = "manager", "Line manager"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="assessments")
    phase = models.CharField(max_length=4, choices=Phase.choices)
    rater_role = models.CharField(max_length=7, choices=Rater.choices)
    rater = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # {competency id: 1–5}, the goal competencies as they were when rated.
    ratings = models.JSONField(default=dict)
    mean_level = models.FloatField()
    # The manager's observation at completion: 1 (no change) – 5 (marked change), and why.
    behaviour_change = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    observation = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phase", "rater_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "phase", "rater_role"], name="one_assessment_per_rater"
            ),
            models.CheckConstraint(
                condition=Q(mean_level__gte=1, mean_level__lte=5), name="assessment_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk}"  # never the ratings: labels reach the log


class ManagerLink(models.Model):
    """The one-time link a mentee's line manager rates her through, with or without an account.
    The token is only in the email; the database keeps its SHA-256 (as invitations do). Used
    once (`used_at`), and never after `expires_at`."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="manager_links"
    )
    phase = models.CharField(max_length=4, choices=Assessment.Phase.choices)
    manager = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "phase"], name="one_manager_link_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"Manager link {self.pk}"

    def is_open(self, now=None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())


class NudgeSent(models.Model):
    """A pair was nudged about one stall (stalls.py): at most once per window, by the key."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="nudges")
    reason = models.CharField(max_length=20)
    window = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "reason", "window"], name="one_nudge_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"Nudge {self.pk}"


class EngagementLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """Managers read the entries of their programmes' engagements (Wagtail's history
        report); nobody else reads them in the admin. The pair reads theirs on their page."""
        if manages_every_programme(user):
            return self.all()
        if may_manage_programmes(user):
            return self.filter(
                engagement__programme__in=Programme.objects.managed_by(user).values("pk")
            )
        return self.none()


class EngagementLogEntry(BaseLogEntry):
    """The append-only record of an engagement's decisions and sensitive reads: goal changes
    (which fields, never their text) and break-glass openings of a note (with the reason)."""

    object_id = models.CharField(max_length=255, db_index=True)
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    objects = EngagementLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "engagement log entry"
        verbose_name_plural = "engagement log entries"
