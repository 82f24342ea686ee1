"""People: the user account (email login), business units and the career profile."""

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower, Now
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

from portal.people.roles import ADMIN_ROLES, REQUESTABLE_ROLES, Role, may_manage_people


class UserManager(BaseUserManager):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Roles are groups (see roles.py); the career profile is `profile`."""

    username = None
    email = models.EmailField("email address", unique=True, max_length=254)
    first_name = models.CharField("first name", max_length=80)
    last_name = models.CharField("last name", max_length=80)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The person's roles, read once per request (prefetched groups are used if present)."""
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role.value in self.role_names]

    @property
    def may_use_admin(self) -> bool:
        return self.is_superuser or any(self.has_role(role) for role in ADMIN_ROLES)

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}"

    @property
    def photo_url(self) -> str:
        """The person's portrait: a mentor's catalog photo, else their profile photo; "" for
        none (templates then show the initials). Free when `profile` and `mentor_profile` are
        select_related, as the signed-in user is (people.auth)."""
        for relation in ("mentor_profile", "profile"):
            try:
                photo = getattr(self, relation).photo
            except ObjectDoesNotExist:
                continue
            if photo:
                return photo.url
        return ""


class BusinessUnit(models.Model):
    """A part of the organisation; programmes and cohorts are organised by unit."""

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(
        max_length=20, unique=True, help_text="A short code for exports, e.g. retail-eu."
    )
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="parent unit",
        help_text="The unit this one belongs to; empty for a top-level unit.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A unit inside itself, or inside one of its own sub-units, would make a loop.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A unit cannot sit inside itself."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone we know (use e.g. Europe/London).")


class Function(models.TextChoices):
    STRATEGY = "strategy", "Strategy"
    FINANCE = "finance", "Finance"
    OPERATIONS = "operations", "Operations & supply chain"
    MARKETING = "marketing", "Marketing & brand"
    SALES = "sales", "Sales & commercial"
    TECHNOLOGY = "technology", "Technology & data"
    ENGINEERING = "engineering", "Engineering & R&D"
    PEOPLE = "people", "People & HR"
    LEGAL = "legal", "Legal, risk & compliance"
    GENERAL_MANAGEMENT = "general", "General management"


def profile_photo_path(instance: "Profile", filename: str) -> str:
    # As for mentors' photos: never keep the uploaded name.
    return f"people/{uuid.uuid4().hex}.jpg"


class Profile(models.Model):
    """The career profile every person has; intake and the mentor catalog build on it."""

    class Level(models.IntegerChoices):
        SENIOR_MANAGER = 1, "Senior manager"
        DIRECTOR = 2, "Director"
        SENIOR_DIRECTOR = 3, "Senior director"
        VICE_PRESIDENT = 4, "Vice president"
        EXECUTIVE = 5, "Executive"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    job_title = models.CharField(max_length=120, blank=True)
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    organisation = models.CharField(
        max_length=120, blank=True, help_text="For external experts: their own firm."
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    location = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    function = models.CharField(max_length=30, choices=Function.choices, blank=True)
    tenure_years = models.PositiveSmallIntegerField(
        "years with the organisation",
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )
    languages = models.ManyToManyField("Language", blank=True, related_name="+")
    reports_to = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        verbose_name="reports to",
        help_text="The person's line manager (from the HR import, or set by a programme "
        "manager). Matching never pairs people in one reporting line, up to two levels.",
    )
    photo = models.ImageField(
        upload_to=profile_photo_path,
        blank=True,
        help_text="Shown beside your name. Mentors' catalog photo, when they have one, wins.",
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"


# --- competency taxonomy --------------------------------------------------------------------------


class ProficiencyLevel(models.IntegerChoices):
    """The 1–5 scale every competency is rated on (goals, strengths, assessments)."""

    FOUNDATION = 1, "1 · Foundation"
    DEVELOPING = 2, "2 · Developing"
    PROFICIENT = 3, "3 · Proficient"
    ADVANCED = 4, "4 · Advanced"
    EXPERT = 5, "5 · Expert"


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class CompetencyCluster(models.Model):
    """A family of competencies (e.g. Strategic leadership)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences shown to members.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    """One competency of the shared taxonomy: profiles, goals, content, matching and scorecard."""

    cluster = models.ForeignKey(
        CompetencyCluster, on_delete=models.PROTECT, related_name="competencies"
    )
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(help_text="What good looks like at an executive level.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cluster__sort_order", "sort_order", "name"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.name


class Format(models.Model):
    """A mentoring format: one-on-one, group coaching, shadowing, project-based."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="ISO 639-1 code, e.g. en.")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AvailabilityWindow(models.TextChoices):
    """When in the person's own time zone they can meet (weekdays)."""

    EARLY = "early", "Early morning (7–9)"
    MORNING = "morning", "Morning (9–12)"
    LUNCH = "lunch", "Lunchtime (12–14)"
    AFTERNOON = "afternoon", "Afternoon (14–17)"
    EVENING = "evening", "Evening (17–20)"


class LeadershipStyle(models.TextChoices):
    """How a mentor works; mentees may say which styles they would welcome."""

    COACHING = "coaching", "Coaching: asks more than tells"
    CHALLENGER = "challenger", "Challenger: direct, stretches thinking"
    SUPPORTIVE = "supportive", "Supportive: builds confidence"
    STRATEGIC = "strategic", "Strategic: big picture and sponsorship"
    PRACTICAL = "practical", "Practical: hands-on, shares experience"


def validate_styles(value: list) -> None:
    if not isinstance(value, list) or not set(value) <= set(LeadershipStyle.values):
        raise ValidationError("Choose styles from the list.")


def validate_windows(value: list) -> None:
    allowed = set(AvailabilityWindow.values)
    if not isinstance(value, list) or not set(value) <= allowed:
        raise ValidationError("Choose times from the list.")


# --- mentee intake --------------------------------------------------------------------------------


class Intake(models.Model):
    """A mentee's standardized intake. Saved at every step, so it can be resumed."""

    STEPS = ("career", "goals", "preferences", "demographics", "review")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="intake")
    furthest_step = models.PositiveSmallIntegerField(default=1)
    aims = models.TextField(
        blank=True, max_length=2000, help_text="In your words: what do you want to be able to do?"
    )
    formats = models.ManyToManyField(Format, blank=True, related_name="+")
    availability = models.JSONField(default=list, blank=True, validators=[validate_windows])
    hours_per_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    preferred_styles = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_styles],
        help_text="Mentoring styles the mentee would welcome (matching's style-fit factor).",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Intake of {self.user}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class LearningGoal(models.Model):
    """A competency a mentee wants to grow, from a current to a higher target level."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="learning_goals")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    current_level = models.PositiveSmallIntegerField(
        choices=ProficiencyLevel.choices, validators=LEVEL_VALIDATORS
    )
    target_level = models.PositiveSmallIntegerField(
        choices=ProficiencyLevel.choices, validators=LEVEL_VALIDATORS
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "competency"], name="one_goal_per_competency"),
            models.CheckConstraint(
                condition=models.Q(target_level__gt=models.F("current_level")),
                name="goal_target_above_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.current_level} → {self.target_level}"

    @property
    def gap(self) -> int:
        return self.target_level - self.current_level


class DemographicRecord(models.Model):
    """Optional demographic data, given with explicit consent, stored apart from the profile.

    Only ever used in aggregate with small groups suppressed (insights). No reverse accessor on
    User, so no template or serializer of a person can reach it by accident.
    """

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NON_BINARY = "non_binary", "Non-binary"
        SELF_DESCRIBED = "self_described", "I describe myself another way"
        UNDISCLOSED = "undisclosed", "Prefer not to say"

    class AgeBand(models.TextChoices):
        UNDER_35 = "under_35", "Under 35"
        FROM_35 = "35_44", "35–44"
        FROM_45 = "45_54", "45–54"
        OVER_55 = "55_plus", "55 or over"
        UNDISCLOSED = "undisclosed", "Prefer not to say"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    consented_at = models.DateTimeField()
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    gender_self_description = models.CharField(max_length=60, blank=True)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Demographic record #{self.pk}"


# --- mentors --------------------------------------------------------------------------------------


def in_good_standing(path: str = "") -> models.Q:
    """Mentor profiles (reached through `path`, e.g. "mentor__") that may be listed, matched and
    read their mentees' data: internal leaders, and external experts whose vetting is approved
    and not yet at its expiry date. The date is compared in the database (Now()), so a vetting
    lapses at the start of its expiry date without waiting for the daily job that marks it."""
    return models.Q(**{f"{path}kind": MentorProfile.Kind.INTERNAL}) | models.Q(
        **{
            f"{path}vetting_status": MentorProfile.Vetting.APPROVED,
            f"{path}vetting_expires_on__gt": Now(),
        }
    )


class MentorProfileQuerySet(models.QuerySet):
    def listed(self) -> "MentorProfileQuerySet":
        """Mentors the catalog shows: complete profile, onboarding done, external ones vetted
        and their vetting not expired (in_good_standing)."""
        return (
            self.filter(user__is_active=True, onboarding_completed_at__isnull=False)
            .exclude(bio="")
            .exclude(outcomes="")
            .filter(models.Exists(MentorStrength.objects.filter(mentor=models.OuterRef("pk"))))
            .filter(in_good_standing())
        )


def mentor_photo_path(instance: "MentorProfile", filename: str) -> str:
    # Never keep the uploaded name: it can carry personal data or path tricks.
    return f"mentors/{uuid.uuid4().hex}.jpg"


class MentorProfile(models.Model):
    """A mentor's catalog entry: internal leader or vetted external expert."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "Internal leader"
        EXTERNAL = "external", "External expert"

    class Vetting(models.TextChoices):
        NOT_REQUIRED = "not_required", "Not required"
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"

    LeadershipStyle = LeadershipStyle

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="mentor_profile")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INTERNAL)
    leadership_style = models.CharField(max_length=12, choices=LeadershipStyle.choices, blank=True)
    functions = models.JSONField(default=list, blank=True, help_text="Functions led or known.")
    industries = models.JSONField(default=list, blank=True)
    formats = models.ManyToManyField(Format, blank=True, related_name="+")
    availability = models.JSONField(default=list, blank=True, validators=[validate_windows])
    capacity = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="How many mentees at once, across every programme.",
    )
    monthly_hours = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    outcomes = models.TextField(
        "expected outcomes",
        blank=True,
        max_length=1500,
        help_text="What a mentee can expect to take away from working with you.",
    )
    bio = models.TextField(blank=True, max_length=3000)
    photo = models.ImageField(upload_to=mentor_photo_path, blank=True)
    onboarding_completed_at = models.DateTimeField(null=True, blank=True)
    vetting_status = models.CharField(
        max_length=14, choices=Vetting.choices, default=Vetting.NOT_REQUIRED
    )
    vetting_expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="An external expert's vetting holds until this date (not on it). Set by the "
        "approval chain (portal.governance).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorProfileQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Mentor profile of {self.user}"

    @property
    def photo_url(self) -> str:
        """The photo's URL, or "" without one (templates then show the initials)."""
        return self.photo.url if self.photo else ""


class MentorStrength(models.Model):
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="strengths")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        choices=ProficiencyLevel.choices, validators=LEVEL_VALIDATORS
    )

    class Meta:
        ordering = ["-level", "competency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "competency"], name="one_strength_per_competency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency} ({self.level})"


class ShortlistEntry(models.Model):
    """A mentee's shortlisted mentor: a preference the matching engine weighs."""

    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="shortlist")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["mentee", "mentor"], name="shortlist_once")]

    def __str__(self) -> str:
        return f"{self.mentee} shortlisted {self.mentor.user}"


# --- who may join, and with which roles ------------------------------------------------------


def validate_domain(value: str) -> None:
    if value != value.strip().lower() or "@" in value or "." not in value or " " in value:
        raise ValidationError(
            "Write the domain alone, in lower case, as in an address after the @: meridian.example."
        )


class AllowedDomain(models.Model):
    """An email domain of the organisation: people with an address there may sign up."""

    domain = models.CharField(
        max_length=253,
        unique=True,
        validators=[validate_domain],
        help_text="The part of an address after the @, e.g. meridian.example. Exact: a "
        "subdomain needs its own row.",
    )
    grant_at_once = models.BooleanField(
        default=False,
        help_text="People signing up from this domain get the role they ask for (mentee or "
        "mentor) at once. Otherwise their request waits in Role requests for a programme "
        "manager.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Whose domain this is.")

    class Meta:
        ordering = ["domain"]
        verbose_name = "allowed sign-up domain"

    def __str__(self) -> str:
        return self.domain


def role_values(roles) -> list[str]:
    return sorted(Role(role).value for role in roles)


class Invitation(models.Model):
    """An invitation to join by email, with roles given on sign-up. The token itself is only in
    the email; the database keeps its SHA-256 (people.invitations)."""

    email = models.EmailField(max_length=254)
    roles = models.JSONField(default=list, help_text="Role names given when the person joins.")
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def role_list(self) -> list[Role]:
        return [Role(value) for value in self.roles if value in Role._value2member_map_]

    def is_open(self, now=None) -> bool:
        return self.accepted_at is None and self.expires_at > (now or timezone.now())


class RoleRequest(models.Model):
    """A new member's request for a role (mentee or mentor), decided by a programme manager."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a programme manager"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    role = models.CharField(
        max_length=40, choices=[(role.value, role.value) for role in REQUESTABLE_ROLES]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(
        max_length=500, blank=True, help_text="Why it was declined; the person reads it."
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="one_pending_role_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} asks to be a {self.role.lower()} ({self.get_status_display()})"


class PersonLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """Everyone who may open the People screens reads the whole record of role changes
        (people are one pool); Wagtail's own rule (model permissions on users) for the rest."""
        if may_manage_people(user):
            return self.all()
        return super().viewable_by_user(user)


class PersonLogEntry(BaseLogEntry):
    """The append-only record of changes to a person's roles and membership: who, when, what
    and why (`data["reason"]`). Written only through people.services; shown on the person's
    page in the People screens and in Wagtail's site history. Registered in wagtail_hooks.py."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = PersonLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = "person log entry"
        verbose_name_plural = "person log entries"
