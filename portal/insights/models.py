"""Insights' own rows: the HR system's record of each employee, the dated history of their
succession readiness, and the imports that wrote them (docs/decisions/0025-hr-import.md).

HR data is sensitive: no reverse accessor on User reaches it (related_name "+"), so no template
or serializer of a person can show it by accident; it is read through `visible_to(user)` only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from portal.governance.models import private_storage
from portal.people.models import BusinessUnit, Profile
from portal.people.roles import may_manage_people


class Readiness(models.TextChoices):
    """Succession readiness as HR systems record it, from furthest to nearest."""

    NOT_IDENTIFIED = "not_identified", "Not identified as a successor"
    READY_3_PLUS = "ready_3_plus_years", "Ready in 3 or more years"
    READY_1_2 = "ready_1_2_years", "Ready in 1–2 years"
    READY_NOW = "ready_now", "Ready now"


# How near a person is to ready (higher is nearer): the scorecard compares these before vs after.
READINESS_RANK = {value: rank for rank, value in enumerate(Readiness.values)}


class HRImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HRImportQuerySet":
        """Imports carry the organisation's HR data: programme managers and superusers read
        them all (people are one pool), nobody else any."""
        return self if may_manage_people(user) else self.none()


class HRImport(models.Model):
    """One upload of an HR file: checked (a dry run), then committed all-or-nothing."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the file"
        FAILED = "failed", "Has errors: nothing saved"
        READY = "ready", "Checked: ready to commit"
        COMMITTING = "committing", "Saving"
        COMMITTED = "committed", "Committed"
        DISCARDED = "discarded", "Discarded"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_format = models.CharField(max_length=4, choices=Format.choices)
    # Stored under a generated name in the private storage until committed or discarded.
    file = models.FileField(storage=private_storage, upload_to="hr-imports/", blank=True)
    file_size = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    # What the check (or the commit) found: counts, the first rows of each kind of change, every
    # error with its line (up to a limit). Shown only on the import's own staff page.
    report = models.JSONField(default=dict, blank=True)

    objects = HRImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "HR import"

    def __str__(self) -> str:
        return f"HR import #{self.pk} ({self.created_at:%d %b %Y})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.COMMITTING)


class HRRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HRRecordQuerySet":
        """Person-level HR data (ratings, readiness, leaving dates) is read by programme managers
        and superusers only: never by sponsors, never in the catalog."""
        return self if may_manage_people(user) else self.none()


class HRRecord(models.Model):
    """The HR system's record of one employee, as last imported.

    Every employee in the file has one, with or without a portal account (the equity and
    retention figures compare participants with everyone eligible). The facts the portal keeps
    on Profile (title, unit, level, location, reporting line, tenure) are copied there for people
    with an account; the rest (employee id, hire and leaving dates, readiness, rating) live here.
    """

    employee_id = models.CharField(max_length=64, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(max_length=254, db_index=True)
    name = models.CharField(max_length=160)
    job_title = models.CharField(max_length=120, blank=True)
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.PositiveSmallIntegerField(choices=Profile.Level.choices, null=True, blank=True)
    manager_employee_id = models.CharField(max_length=64, blank=True)
    location = models.CharField(max_length=120, blank=True)
    hire_date = models.DateField()
    readiness = models.CharField(max_length=20, choices=Readiness.choices, blank=True)
    leaver_date = models.DateField(null=True, blank=True)
    performance_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # When an import deactivated the account (a leaver); cleared if a later file rehires them.
    deactivated_at = models.DateTimeField(null=True, blank=True)
    last_import = models.ForeignKey(
        HRImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = HRRecordQuerySet.as_manager()

    class Meta:
        ordering = ["employee_id"]
        verbose_name = "HR record"

    def __str__(self) -> str:
        return f"HR record {self.employee_id}"


class ReadinessChange(models.Model):
    """A dated change of a person's succession readiness, one per import that changed it: the
    scorecard reads readiness at a participant's start and after (`readiness_on`)."""

    record = models.ForeignKey(HRRecord, on_delete=models.CASCADE, related_name="readiness_changes")
    readiness = models.CharField(max_length=20, choices=Readiness.choices, blank=True)
    previous = models.CharField(max_length=20, choices=Readiness.choices, blank=True)
    effective_on = models.DateField()
    hr_import = models.ForeignKey(
        HRImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["record", "effective_on", "pk"]
        indexes = [models.Index(fields=["record", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.record.employee_id}: {self.previous or '–'} → {self.readiness or '–'}"
