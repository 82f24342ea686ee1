"""Governance records. Each register keeps its own models below, in the order they were added."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.people.models import BusinessUnit, User

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
