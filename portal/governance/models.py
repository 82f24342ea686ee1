"""Governance records. Each register keeps its own models below, in the order they were added."""

from django.core.files.storage import Storage, storages
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from portal.people.models import MentorProfile, User

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
