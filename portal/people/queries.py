"""Reads about membership: who may join, open invitations, role requests, the people list."""

import hashlib

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.people.models import AllowedDomain, Intake, Invitation, RoleRequest, User


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
