"""Governance records. Each register keeps its own models below, in the order they were added."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from portal.people.models import User
from portal.people.roles import (
    PARTICIPANT_ROLES,
    Role,
    manages_every_programme,
    may_manage_programmes,
)
from portal.programmes.models import Programme

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
