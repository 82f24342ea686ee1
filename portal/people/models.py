"""People: the user account (email login), business units and the career profile."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from portal.people.roles import ADMIN_ROLES, Role


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


class BusinessUnit(models.Model):
    """A part of the organisation; programmes and cohorts are organised by unit."""

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=20, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone we know (use e.g. Europe/London).")


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

    def __str__(self) -> str:
        return f"Profile of {self.user}"
