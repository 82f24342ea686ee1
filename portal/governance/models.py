"""Governance records. Each register keeps its own models below, in the order they were added."""

from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from portal.governance import heatmap
from portal.people.models import BusinessUnit, MentorProfile, User
from portal.people.roles import (
    PARTICIPANT_ROLES,
    Role,
    manages_every_programme,
    may_manage_programmes,
)
from portal.programmes.models import Programme

# --- the risk register (docs/decisions/0022-risks-and-reviews.md) ----------------------------

LIKELIHOOD_MESSAGE = (
    "Likelihood is a whole number from 1 (rare) to 5 (almost certain); "
    "%(value)s is outside that scale."
)
IMPACT_MESSAGE = (
    "Impact is a whole number from 1 (minimal) to 5 (severe); %(value)s is outside that scale."
)


def _one_to_five(message: str) -> list:
    return [MinValueValidator(1, message=message), MaxValueValidator(5, message=message)]


def steering_people() -> Q:
    """Who may own a risk, a mitigation or a review action: programme managers, sponsors and
    superusers (the steering group and the programme team)."""
    return Q(groups__name__in=[Role.PROGRAMME_MANAGER.value, Role.SPONSOR.value]) | Q(
        is_superuser=True
    )


class RiskQuerySet(models.QuerySet):
    def open(self) -> "RiskQuerySet":
        return self.exclude(status=Risk.Status.CLOSED)

    def by_score(self) -> "RiskQuerySet":
        """Highest likelihood × impact first, then the nearest review date."""
        return self.annotate(score_rank=models.F("likelihood") * models.F("impact")).order_by(
            "-score_rank", "next_review_on", "pk"
        )


class Risk(ClusterableModel):
    """A risk to the mentorship programme: of one programme, or organisation-wide (no
    programme). Scored likelihood × impact on 1–5 scales (heatmap.py), each checked by the
    model, the form and the database."""

    class Category(models.TextChoices):
        TIME = "time", "Time constraints"
        INCENTIVES = "incentives", "Misaligned incentives"
        CONFIDENTIALITY = "confidentiality", "Confidentiality"
        DEPENDENCY = "dependency", "Dependency on a few people"
        ENGAGEMENT = "engagement", "Low engagement"
        CONDUCT = "conduct", "Conduct and safeguarding"
        REPUTATION = "reputation", "Reputation"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted (tolerated, still watched)"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200, help_text="The risk in a few words.")
    description = models.TextField(
        blank=True,
        max_length=2000,
        help_text="What could happen and why. Name no mentee or mentor: sponsors read this.",
    )
    category = models.CharField(max_length=16, choices=Category.choices)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
        help_text="Leave empty for a risk to the whole organisation's mentoring.",
    )
    likelihood = models.PositiveSmallIntegerField(
        validators=_one_to_five(LIKELIHOOD_MESSAGE),
        help_text="1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.",
    )
    impact = models.PositiveSmallIntegerField(
        validators=_one_to_five(IMPACT_MESSAGE),
        help_text="1 minimal, 2 minor, 3 moderate, 4 major, 5 severe.",
    )
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", limit_choices_to=steering_people
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    next_review_on = models.DateField(
        "next review", help_text="The owner is reminded on this day (send_risk_reminders)."
    )
    # The review date whose reminder was sent: one reminder per review date.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "risk"
        verbose_name_plural = "risk register"
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return heatmap.score(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return heatmap.band(self.score)

    @property
    def scope_label(self) -> str:
        return self.programme.name if self.programme_id else "Organisation-wide"


class Mitigation(models.Model):
    """One thing being done about a risk, by someone, by a date (edited inline on the risk)."""

    risk = ParentalKey(Risk, on_delete=models.CASCADE, related_name="mitigations")
    action = models.CharField(max_length=300, help_text="What will be done.")
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", limit_choices_to=steering_people
    )
    due_on = models.DateField("due")
    done = models.BooleanField(default=False)
    # Set when the owner was told it is overdue: once per due date.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action

    @property
    def is_overdue(self) -> bool:
        return not self.done and self.due_on < timezone.localdate()


class IncidentLink(models.Model):
    """An incident that bears on a risk: a forum report, an engagement's early exit or a
    break-glass read of a note. It points at the source's row by kind and id (governance reads
    those apps, they never read this) and keeps a neutral summary written when it was linked:
    no names and no reasons, because sponsors read the register."""

    class Kind(models.TextChoices):
        FORUM_REPORT = "forum_report", "Forum report"
        ENGAGEMENT_EXIT = "engagement_exit", "Engagement ended early"
        BREAK_GLASS = "break_glass", "Break-glass read of a note"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # forums.PostReport for a report; engagements.EngagementLogEntry for an exit or a read.
    source_id = models.PositiveBigIntegerField()
    summary = models.CharField(max_length=300)
    occurred_on = models.DateField()
    linked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["risk", "kind", "source_id"], name="one_link_per_incident_and_risk"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%d %B %Y}"


# --- the steering group's quarterly reviews ---------------------------------------------------


class GovernanceReview(ClusterableModel):
    """The steering group's review of one quarter: the agenda drawn from the registers when the
    review was created (queries.agenda_sections, kept as it was), who attended, the decisions
    taken and the actions agreed, each with an owner and a due date."""

    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000)])
    quarter = models.PositiveSmallIntegerField(
        choices=[(q, f"Q{q}") for q in range(1, 5)],
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    held_on = models.DateField("meeting date")
    attendees = ParentalManyToManyField(
        User, blank=True, related_name="+", limit_choices_to=steering_people
    )
    # [{"title": ..., "empty": ..., "items": [{"text": ..., "detail": ...}]}], as at creation.
    agenda = models.JSONField(default=list, blank=True, editable=False)
    notes = models.TextField(blank=True, max_length=5000, help_text="Anything else minuted.")
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = "quarterly review"
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_review_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="review_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter} steering review"


class ReviewDecision(models.Model):
    review = ParentalKey(GovernanceReview, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("decision", max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class ReviewAction(models.Model):
    review = ParentalKey(GovernanceReview, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", limit_choices_to=steering_people
    )
    due_on = models.DateField("due")
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action


# --- the log ------------------------------------------------------------------------------------


class GovernanceLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.setdefault("programme_id", getattr(instance, "programme_id", None))
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        """Superusers read every entry; a programme manager the entries of their programmes'
        risks and of organisation-wide records (the reviews, risks of no programme)."""
        if manages_every_programme(user):
            return self.all()
        if may_manage_programmes(user):
            return self.filter(
                Q(programme__isnull=True)
                | Q(programme__in=Programme.objects.managed_by(user).values("pk"))
            )
        return self.none()


class GovernanceLogEntry(BaseLogEntry):
    """Wagtail's log of the risk register and the reviews (created, edited, incidents linked
    and unlinked), kept with the risk's programme so the site history shows each manager
    only theirs (as programmes.ProgrammeLogEntry does)."""

    object_id = models.CharField(max_length=255, db_index=True)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    objects = GovernanceLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "governance log entry"
        verbose_name_plural = "governance log entries"


# --- the conflict-of-interest register (docs/decisions/0019-conflicts-and-reporting-lines.md) ---


class ConflictDeclarationQuerySet(models.QuerySet):
    def declared_by(self, user) -> "ConflictDeclarationQuerySet":
        """A participant's own declarations; nobody else's (not even those about them)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(declarer=user)

    def accepted(self) -> "ConflictDeclarationQuerySet":
        return self.filter(status=ConflictDeclaration.Status.ACCEPTED)


class ConflictDeclaration(models.Model):
    """A conflict of interest declared by a participant with one named person or one business
    unit, and a programme manager's review of it. Accepted declarations are hard rules in
    matching; noted ones are kept on the record only."""

    class Kind(models.TextChoices):
        REPORTING_LINE = "reporting_line", "Reporting line"
        FAMILY = "family", "Family or personal relationship"
        FINANCIAL = "financial", "Financial interest"
        COMMERCIAL = "commercial", "Commercial relationship"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted: never paired"
        NOTED = "noted", "Noted only"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    declarer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    other_person = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(
        max_length=500,
        blank=True,
        help_text="Read only by the person who declared it and programme managers.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(
        max_length=500, blank=True, help_text="The reviewer's reason; the declarer reads it."
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ConflictDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(other_person__isnull=False, business_unit__isnull=True)
                | Q(other_person__isnull=True, business_unit__isnull=False),
                name="conflict_names_a_person_or_a_unit",
            ),
            models.CheckConstraint(
                condition=~Q(other_person=models.F("declarer")),
                name="conflict_not_with_oneself",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="conflict_rejected_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        # Neutral on purpose: this label is what Wagtail's log and history report show.
        return f"Conflict declaration {self.pk}"

    @property
    def concerns(self) -> str:
        """Who or what the conflict is with, for the declarer and managers."""
        if self.other_person_id:
            return str(self.other_person)
        return f"{self.business_unit} (business unit)"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def may_be_withdrawn(self) -> bool:
        """Waiting or accepted: the declarer can take it back (it stops counting in matching)."""
        return self.status in (self.Status.PENDING, self.Status.ACCEPTED)


# --- charters and policies (docs/decisions/0021-charters-and-policies.md) ---------------------

ROLE_CHOICES = [(role.value, role.value) for role in Role]


def _participant_roles() -> list[str]:
    return sorted(role.value for role in PARTICIPANT_ROLES)


class PolicyQuerySet(models.QuerySet):
    def live(self) -> "PolicyQuerySet":
        return self.filter(live=True)

    def for_programmes(self, programme_ids) -> "PolicyQuerySet":
        """The organisation's policies and those of the given programmes."""
        return self.filter(Q(programme__isnull=True) | Q(programme_id__in=list(programme_ids)))


class Policy(DraftStateMixin, RevisionMixin, models.Model):
    """A policy people acknowledge: the organisation's (no programme) or one programme's.

    The row holds the published text; drafts live in Wagtail revisions, and each publication
    is a numbered `PolicyVersion` that the people in its audience acknowledge again."""

    class Kind(models.TextChoices):
        CONFIDENTIALITY = "confidentiality", "Confidentiality"
        CONFLICT_OF_INTEREST = "conflict_of_interest", "Conflict of interest"
        EQUITABLE_ACCESS = "equitable_access", "Equitable access"
        DATA_PROTECTION = "data_protection", "Data protection"
        CODE_OF_CONDUCT = "code_of_conduct", "Code of conduct"

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, help_text="Its address in the portal.")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="policies",
        help_text="Leave empty for a policy of the whole organisation.",
    )
    audience = models.JSONField(
        default=_participant_roles,
        help_text="The roles that must read and acknowledge it.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences: what the policy asks of people."
    )
    body = RichTextField(help_text="The policy itself.")

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["programme__name", "title"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title

    @property
    def applies_to_label(self) -> str:
        where = self.programme.name if self.programme_id else "The whole organisation"
        return f"{where}: {', '.join(self.audience)}"


class PolicyVersionQuerySet(models.QuerySet):
    def current(self) -> "PolicyVersionQuerySet":
        """Each live policy's latest publication: the version people are asked to acknowledge."""
        newer = PolicyVersion.objects.filter(
            policy=OuterRef("policy"), number__gt=OuterRef("number")
        )
        return self.filter(policy__live=True).exclude(Exists(newer))

    def acknowledged_by(self, user) -> "PolicyVersionQuerySet":
        return self.filter(acknowledgements__person=user)


class PolicyVersion(models.Model):
    """One publication of a policy, numbered from 1: what an acknowledgement names exactly."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.policy.title}, version {self.number}"


class Acknowledgement(models.Model):
    """A person read and accepted one version of a policy (written by services.acknowledge)."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_acknowledgement")
        ]

    def __str__(self) -> str:
        return f"{self.person} acknowledged {self.version}"


class Charter(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A programme's charter: who sponsors and steers it, who leads it, who decides what, where
    issues go and what is committed to it. Versioned by Wagtail revisions; read in the portal."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="charter")
    senior_sponsor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The executive accountable for the programme.",
    )
    steering_group = ParentalManyToManyField(
        User, blank=True, related_name="+", help_text="The steering group's members."
    )
    leadership = ParentalManyToManyField(
        User, blank=True, related_name="+", help_text="Who runs the programme day to day."
    )
    purpose = models.TextField(help_text="What the programme is for, in a paragraph.")
    decision_rights = RichTextField(help_text="Who decides what (admission, matching, exits).")
    escalation_path = RichTextField(help_text="Where a concern goes, in order, and how fast.")
    resource_commitments = RichTextField(help_text="Budget, time and people committed to it.")

    class Meta:
        ordering = ["programme__name"]

    def __str__(self) -> str:
        return f"Charter of {self.programme.name}"


class PolicyLogEntryManager(ModelLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.setdefault("programme_id", getattr(instance, "programme_id", None))
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        """A programme manager reads the history of the organisation's policies and of their
        own programmes' policies and charters (as ProgrammeLogEntry does for programmes)."""
        if manages_every_programme(user):
            return self.all()
        if may_manage_programmes(user):
            return self.filter(
                Q(programme__isnull=True)
                | Q(programme__in=Programme.objects.managed_by(user).values("pk"))
            )
        return super().viewable_by_user(user).none()


class PolicyLogEntry(BaseLogEntry):
    """Wagtail's log of policies and charters (edits, publications, acknowledgements,
    reminders), kept with their programme so the site history shows each manager only the
    organisation's and their own programmes' entries. Registered in wagtail_hooks.py."""

    object_id = models.CharField(max_length=255, db_index=True)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    objects = PolicyLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "policy log entry"
        verbose_name_plural = "policy log entries"


# --- external experts' due diligence (docs/decisions/0023-external-experts.md) -------------------


def private_storage() -> Storage:
    """Evidence files live in the "private" storage (settings.STORAGES): outside MEDIA_ROOT and
    served by no URL pattern, only by the permission-checked download view."""
    return storages["private"]


class ExpertVetting(models.Model):
    """An external expert's due diligence: their terms, the checklist and the approval chain
    (programme manager, then sponsor). MentorProfile.vetting_status follows its outcome."""

    class Stage(models.TextChoices):
        COLLECTING = "collecting", "Collecting evidence"
        AWAITING_SPONSOR = (
            "awaiting_sponsor",
            "Approved by the programme manager; awaiting a sponsor",
        )
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"

    class Compensation(models.TextChoices):
        PRO_BONO = "pro_bono", "Pro bono"
        DAY_RATE = "day_rate", "A day rate, with a cap"

    mentor = models.OneToOneField(
        MentorProfile, on_delete=models.CASCADE, related_name="due_diligence"
    )
    firm = models.CharField(max_length=200, blank=True)
    compensation = models.CharField(max_length=10, choices=Compensation.choices, blank=True)
    day_rate = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(1)]
    )
    fee_cap = models.DecimalField(
        "cap",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The most to be paid in total under the contract.",
    )
    contract_reference = models.CharField(max_length=100, blank=True)
    details_given_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.COLLECTING)
    expires_on = models.DateField(null=True, blank=True)
    manager_approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager_approved_at = models.DateTimeField(null=True, blank=True)
    sponsor_approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sponsor_approved_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.CharField(max_length=500, blank=True)
    # The expiry date the 30-day reminder was sent for, so the daily review sends it once.
    reminded_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "external expert's due diligence"
        verbose_name_plural = "external experts' due diligence"

    def __str__(self) -> str:
        return f"Due diligence of {self.mentor.user}"


class ChecklistItem(models.Model):
    """One of the seven checks of an expert's due diligence, complete once a programme manager
    marks it checked."""

    class Check(models.TextChoices):
        IDENTITY = "identity", "Identity checked"
        CREDENTIALS = "credentials", "Credentials"
        REFERENCES = "references", "Two references"
        NDA = "nda", "NDA signed"
        CONFLICTS = "conflicts", "Conflict-of-interest declaration"
        CONTRACT = "contract", "Contract terms agreed"
        COMPLIANCE = "compliance", "Compliance and sanctions check"

    vetting = models.ForeignKey(ExpertVetting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=12, choices=Check.choices)
    position = models.PositiveSmallIntegerField()
    complete = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)
    checked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["vetting", "kind"], name="one_item_per_check")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


# The items an expert uploads evidence for themselves; a programme manager may add to any.
EXPERT_EVIDENCE = frozenset(
    {
        ChecklistItem.Check.IDENTITY,
        ChecklistItem.Check.CREDENTIALS,
        ChecklistItem.Check.REFERENCES,
        ChecklistItem.Check.NDA,
    }
)


class Evidence(models.Model):
    """A file supporting a checklist item, kept in private storage under a generated name."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to="evidence/", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"Evidence #{self.pk} for {self.item}"

    @property
    def kind_label(self) -> str:
        """The file's type in words: PDF, PNG or JPEG."""
        return self.content_type.rsplit("/", 1)[-1].upper()
