"""Reads about membership (who may join, open invitations, role requests, the people list) and
the organisation's reference data (business units, formats, languages) with what uses each."""

import hashlib
from collections.abc import Iterable
from typing import TypeVar

from django.apps import apps
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.people.models import (
    AllowedDomain,
    BusinessUnit,
    Format,
    Intake,
    Invitation,
    Language,
    RoleRequest,
    User,
)


def hash_token(token: str) -> str:
    """Invitation tokens are kept as their SHA-256: the token itself is only in the email."""
    return hashlib.sha256(token.encode()).hexdigest()


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def allowed_domain_for(email: str) -> AllowedDomain | None:
    """The organisation's domain the address belongs to, or None (exact match, any case)."""
    return AllowedDomain.objects.filter(domain=domain_of(email)).first()


def open_invitation(token: str) -> Invitation | None:
    """The unexpired, unaccepted invitation this token opens, or None for any other token."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.filter(
            token_hash=hash_token(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("invited_by")
        .first()
    )


def open_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def pending_role_requests() -> QuerySet[RoleRequest]:
    return RoleRequest.objects.filter(status=RoleRequest.Status.PENDING).select_related(
        "person__profile__business_unit"
    )


def latest_role_request(user: User) -> RoleRequest | None:
    """The person's most recent request (pending, or the last decision), for their home page."""
    return (
        RoleRequest.objects.filter(person=user)
        .order_by("-created_at", "-pk")
        .select_related("decided_by")
        .first()
    )


def people_for_staff(search: str = "", role: str = "") -> QuerySet[User]:
    """People for the staff list: by name or email words, optionally holding `role`, with what
    each row shows loaded in a fixed number of queries (roles prefetched, the intake and a
    pending request as annotations)."""
    from django.contrib.auth.models import Group

    people = User.objects.select_related("profile__business_unit").prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("name"))
    )
    for word in search.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    if role == "none":
        people = people.filter(groups__isnull=True)
    elif role:
        people = people.filter(groups__name=role)
    listed: QuerySet[User] = people.annotate(
        intake_done=Exists(Intake.objects.filter(user=OuterRef("pk"), submitted_at__isnull=False)),
        has_pending_request=Exists(
            RoleRequest.objects.filter(person=OuterRef("pk"), status=RoleRequest.Status.PENDING)
        ),
    ).order_by("last_name", "first_name", "pk")
    return listed


# --- the organisation's reference data and what uses it -------------------------------------------

# What uses each kind of reference data, as (singular, plural, app label, model, field naming the
# item). Programmes sit above people, so their models are named, not imported; a unit, format or
# language that something here names is "in use" and cannot be deleted (the admin says by what).
REFERENCE_USES: dict[type[models.Model], tuple[tuple[str, str, str, str, str], ...]] = {
    BusinessUnit: (
        ("person", "people", "people", "Profile", "business_unit"),
        ("sub-unit", "sub-units", "people", "BusinessUnit", "parent"),
        ("programme", "programmes", "programmes", "Programme_eligible_units", "businessunit"),
        ("cohort", "cohorts", "programmes", "Cohort", "business_unit"),
    ),
    Format: (
        ("mentor", "mentors", "people", "MentorProfile_formats", "format"),
        ("intake", "intakes", "people", "Intake_formats", "format"),
        ("programme", "programmes", "programmes", "Programme_formats", "format"),
    ),
    Language: (("person", "people", "people", "Profile_languages", "language"),),
}


def _count_of(app_label: str, model_name: str, field: str) -> Coalesce:
    rows = (
        apps.get_model(app_label, model_name)
        .objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


M = TypeVar("M", bound=models.Model)


def with_usage(queryset: QuerySet[M]) -> QuerySet[M]:
    """Reference data annotated with what uses each row, in the one query that lists them:
    `uses_<plural>` per use and `usage_total`."""
    uses = REFERENCE_USES[queryset.model]
    counts = {f"uses_{plural.replace('-', '_')}": _count_of(*where) for _, plural, *where in uses}
    annotated: QuerySet[M] = queryset.annotate(**counts).annotate(
        usage_total=sum(F(name) for name in counts)
    )
    return annotated


def usage_summary(item: models.Model) -> str:
    """'12 people, 1 programme' for a row read through `with_usage`; "" when nothing uses it."""
    parts = []
    for singular, plural, *_ in REFERENCE_USES[type(item)]:
        count = getattr(item, f"uses_{plural.replace('-', '_')}")
        if count:
            parts.append(f"{count} {singular if count == 1 else plural}")
    return ", ".join(parts)


def reference_in_use(model: type[models.Model], pks: Iterable[int]) -> list[models.Model]:
    """The rows among `pks` that something uses, each annotated by `with_usage`."""
    rows = model._default_manager.filter(pk__in=list(pks))
    return list(with_usage(rows).filter(usage_total__gt=0))
