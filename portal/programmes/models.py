"""Programmes, their cycles and cohorts, applications with a transparent waiting list, and the
engagements (mentor–mentee pairs) that capacity is counted from."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from portal.people.models import BusinessUnit, Format, MentorProfile, Profile, User
from portal.people.roles import manages_every_programme, may_manage_programmes


class ProgrammeQuerySet(models.QuerySet):
    def managed_by(self, user) -> "ProgrammeQuerySet":
        """The programmes `user` manages: all for a superuser; for a programme manager, those
        listed with them in `managers`; none for anyone else (a listed person who lost the role
        included). Exposed as `queries.managed_programmes(user)`; every staff screen reads
        through it."""
        if manages_every_programme(user):
            return self.all()
        if not may_manage_programmes(user):
            return self.none()
        return self.filter(managers=user)


class MatchingMode(models.TextChoices):
    """How a programme's matching runs choose pairs (portal.matching.engine; ADR 0020)."""

    BEST_FIT = "best_fit", "Best total fit"
    STABLE = "stable", "Stable"


class Programme(models.Model):
    """A mentoring programme with a purpose, a codified time commitment and eligibility rules."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    purpose = models.TextField(help_text="Why the programme exists and who it is for.")
    strategic_priority = models.CharField(max_length=120, blank=True)
    formats = models.ManyToManyField(Format, related_name="+")
    hours_per_month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text="Time a mentee commits each month.",
    )
    duration_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    checkin_every_months = models.PositiveSmallIntegerField(
        "check-in every (months)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="How often each pair answers a short check-in; 3 is quarterly.",
    )
    # Eligibility rules. Empty level/unit lists mean "any".
    eligible_levels = models.JSONField(
        default=list, blank=True, help_text="Profile levels (1–5) that may apply; empty: any."
    )
    eligible_units = models.ManyToManyField(
        BusinessUnit, blank=True, related_name="+", help_text="Empty: every business unit."
    )
    min_tenure_years = models.PositiveSmallIntegerField(default=0)
    nomination_required = models.BooleanField(default=False)
    cross_unit_pairs = models.BooleanField(
        default=True, help_text="Matching never pairs people from the same business unit."
    )
    max_timezone_difference_hours = models.PositiveSmallIntegerField(
        "most hours between time zones",
        null=True,
        blank=True,
        validators=[MaxValueValidator(12)],
        help_text="Matching never pairs a mentee with a mentor more hours away than this "
        "(0–12). Empty: no limit.",
    )
    matching_mode = models.CharField(
        max_length=10,
        choices=MatchingMode.choices,
        default=MatchingMode.BEST_FIT,
        help_text=(
            "Best total fit: the pairs that fit best across the whole cohort, added up; a mentee "
            "and a mentor may then both have preferred each other to the pair they got. "
            "Stable: nobody has that reason to swap. Each mentee asks for mentors in order "
            "(their shortlist first, then by fit) and each mentor keeps the mentees who fit "
            "them best; the total fit can be a little lower."
        ),
    )
    is_open = models.BooleanField(default=True, help_text="Accepting applications.")
    managers = models.ManyToManyField(User, blank=True, related_name="managed_programmes")

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def level_labels(self) -> list[str]:
        return [Profile.Level(level).label for level in self.eligible_levels]


class Cycle(models.Model):
    """One run of a programme (e.g. Spring 2027) with a number of seats."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(max_length=80)
    starts_on = models.DateField()
    ends_on = models.DateField()
    seats = models.PositiveIntegerField(help_text="Mentees this cycle can take.")

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="cycle_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.name}"


class Cohort(models.Model):
    """A group within a cycle, by business unit, level or strategic priority."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.PositiveSmallIntegerField(choices=Profile.Level.choices, null=True, blank=True)
    strategic_priority = models.CharField(max_length=120, blank=True)
    members = models.ManyToManyField(User, through="CohortMembership", related_name="cohorts")

    class Meta:
        ordering = ["cycle__starts_on", "name"]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.name}"


class CohortMembership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="cohort_memberships")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_membership_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"


class IntakeQuestion(models.Model):
    """A question a programme adds to the intake, asked of its applicants, its mentors or both.

    Choice answers can be offered as a filter in the mentor catalog (questions mentors answer)
    and, with a weight, count in the programme's matching runs: similar answers preferred, or
    different ones (questions both sides answer). See docs/adr/0028-programme-questions.md."""

    class Kind(models.TextChoices):
        TEXT = "text", "Short text"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        SCALE = "scale", "A scale of 1 to 5"

    class AskedOf(models.TextChoices):
        APPLICANTS = "applicants", "Applicants"
        MENTORS = "mentors", "Mentors"
        BOTH = "both", "Applicants and mentors"

    class Prefer(models.TextChoices):
        SIMILAR = "similar", "Similar answers"
        DIFFERENT = "different", "Different answers"

    MAX_CHOICES = 12
    MAX_CHOICE_LENGTH = 80

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="intake_questions"
    )
    prompt = models.CharField("question", max_length=200)
    help_text = models.CharField(
        max_length=300, blank=True, help_text="Shown under the question (optional)."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    choices = models.TextField(
        blank=True,
        help_text=f"Single and multiple choice: one choice per line, 2 to {MAX_CHOICES}.",
    )
    asked_of = models.CharField(max_length=12, choices=AskedOf.choices, default=AskedOf.APPLICANTS)
    required = models.BooleanField(
        default=False, help_text="Applicants answer it before they can apply."
    )
    catalog_filter = models.BooleanField(
        "offer as a catalog filter",
        default=False,
        help_text="Choice questions mentors answer: members can filter the mentor catalog by it.",
    )
    matching_weight = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(5)],
        help_text="Choice questions both sides answer: how much the answers count in this "
        "programme's matching runs, 0 (not at all) to 5.",
    )
    prefer = models.CharField(
        "matching prefers", max_length=10, choices=Prefer.choices, default=Prefer.SIMILAR
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "sort_order", "pk"]
        verbose_name = "programme question"

    def __str__(self) -> str:
        return self.prompt

    @property
    def options(self) -> list[str]:
        """The choices, in order, without blanks or repeats."""
        seen: list[str] = []
        for line in self.choices.splitlines():
            option = line.strip()
            if option and option not in seen:
                seen.append(option)
        return seen

    @property
    def is_choice(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def asks(self, side: str) -> bool:
        """Whether the question is asked of `side` ("applicants" or "mentors")."""
        return self.asked_of in (side, self.AskedOf.BOTH)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        options = self.options
        if self.is_choice:
            if len(options) < 2:
                errors["choices"] = "Give at least two choices, one per line."
            elif len(options) > self.MAX_CHOICES:
                errors["choices"] = f"Give at most {self.MAX_CHOICES} choices."
            elif any(len(option) > self.MAX_CHOICE_LENGTH for option in options):
                errors["choices"] = (
                    f"Keep each choice to {self.MAX_CHOICE_LENGTH} characters or fewer."
                )
        elif options:
            errors["choices"] = "Only single and multiple choice questions have choices."
        if self.catalog_filter and not (self.is_choice and self.asks(self.AskedOf.MENTORS)):
            errors["catalog_filter"] = (
                "Only a choice question that mentors answer can filter the catalog."
            )
        if self.matching_weight and not (self.is_choice and self.asked_of == self.AskedOf.BOTH):
            errors["matching_weight"] = (
                "Only a choice question asked of applicants and mentors can count in matching; "
                "set 0 or change the question."
            )
        if self.required and self.asked_of == self.AskedOf.MENTORS:
            errors["required"] = "Only questions for applicants can be required before applying."
        if errors:
            raise ValidationError(errors)


class IntakeAnswer(models.Model):
    """One person's answer to a programme question. A choice answer is one row per chosen
    option (so the catalog and matching read it with an index, not by parsing); a text answer
    is one row with `text`, a scale answer one row with `number`."""

    question = models.ForeignKey(IntakeQuestion, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="intake_answers")
    option = models.CharField(max_length=IntakeQuestion.MAX_CHOICE_LENGTH, blank=True)
    text = models.CharField(max_length=500, blank=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "user", "option"], name="one_answer_row_per_option"
            )
        ]
        indexes = [models.Index(fields=["question", "option"], name="answers_by_option")]

    def __str__(self) -> str:
        return f"{self.user} on {self.question}"


class Nomination(models.Model):
    """A sponsor's or manager's nomination, required by some programmes."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="nominations")
    nominated_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="nominations_made"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "nominee"], name="one_nomination")
        ]

    def __str__(self) -> str:
        return f"{self.nominee} nominated for {self.programme}"


class Application(models.Model):
    """A person's application to a programme, and where it stands."""

    class Status(models.TextChoices):
        ADMITTED = "admitted", "Admitted"
        WAITING = "waiting", "On the waiting list"
        DEFERRED = "deferred", "Deferred to a later cycle"
        REMOVED = "removed", "Removed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    ACTIVE = (Status.ADMITTED, Status.WAITING, Status.DEFERRED)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(User, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices)
    applied_at = models.DateTimeField(default=timezone.now)
    carried_over = models.BooleanField(
        default=False, help_text="Left out of the previous cycle: placed first on the list."
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    waiting_reason = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-carried_over", "applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "applicant"],
                condition=models.Q(status__in=["admitted", "waiting", "deferred"]),
                name="one_active_application_per_programme",
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.programme} ({self.get_status_display()})"


class ApplicationEvent(models.Model):
    """Every decision on an application: who, when, what and why."""

    class Action(models.TextChoices):
        APPLIED = "applied", "Applied"
        ADMITTED = "admitted", "Admitted"
        WAITLISTED = "waitlisted", "Placed on the waiting list"
        DEFERRED = "deferred", "Deferred"
        REMOVED = "removed", "Removed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.application}"


class Engagement(models.Model):
    """A mentor–mentee pair. Mentor capacity counts active engagements across programmes."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        ENDED = "ended", "Ended early"

    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="engagements")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="engagements")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    evaluation_opened_on = models.DateField(
        null=True,
        blank=True,
        help_text="When a manager asked the pair for their outcome evaluation (before the end "
        "date; at the end date it opens by itself).",
    )

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.mentor.user} mentoring {self.mentee}"


def _programme_id_of(instance) -> int | None:
    """The programme an entry belongs to; apps above this one (matching) pass `programme_id`
    themselves."""
    if isinstance(instance, Programme):
        return instance.pk
    if isinstance(instance, Cycle | Application | IntakeQuestion):
        return instance.programme_id
    if isinstance(instance, Cohort):
        return instance.cycle.programme_id
    return None


class ProgrammeLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance: models.Model, action: str, **kwargs: Any) -> Any:
        kwargs.setdefault("programme_id", _programme_id_of(instance))
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        """Wagtail's rule (the model permissions) and then ours: a programme manager reads the
        history of the programmes they manage only (Programme.objects.managed_by)."""
        if manages_every_programme(user):
            return self.all()
        if may_manage_programmes(user):
            # Their programmes' whole history; Wagtail's per-content-type permission walk is not
            # needed (the role grants every model logged here) and caches on the user object.
            return self.filter(programme__in=Programme.objects.managed_by(user).values("pk"))
        return super().viewable_by_user(user).none()


class ProgrammeLogEntry(BaseLogEntry):
    """The audit trail's entries about one programme, kept with it so the trail and its exports
    show each manager their own programmes' entries only (Wagtail's own ModelLogEntry knows the
    content type, not the programme): admin changes to programmes, cycles and cohorts, the
    waiting lists' decisions on applications, and matching's runs published and pairs
    overridden. Registered in wagtail_hooks.py (matching's in its own)."""

    object_id = models.CharField(max_length=255, db_index=True)
    # The id is kept after the programme is deleted: its history stays with it, for superusers.
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    objects = ProgrammeLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "programme log entry"
        verbose_name_plural = "programme log entries"
