"""Changes of state for people: roles and their permissions, profiles, and membership (who
joins with which roles, role requests, invitations, role changes recorded with who and why)."""

import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from wagtail.log_actions import log

from portal.people import signals
from portal.people.images import discarding_new_photo_on_error, set_photo
from portal.people.models import (
    AllowedDomain,
    Invitation,
    MentorProfile,
    Profile,
    RoleRequest,
    User,
    role_values,
)
from portal.people.queries import allowed_domain_for, hash_token, open_invitation
from portal.people.roles import ADMIN_ROLES, REQUESTABLE_ROLES, Role, grantable_roles


def ensure_roles() -> dict[Role, Group]:
    """Create the role groups and give the staff roles access to the Wagtail admin. Idempotent."""
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role in ADMIN_ROLES:
            group.permissions.add(access_admin)
        else:
            group.permissions.remove(access_admin)
        groups[role] = group
    _grant_page_permissions(groups)
    _grant_model_permissions(groups)
    return groups


# Model permissions per role, as (app_label, model, actions).
_EDIT = ("add", "change", "delete", "view")
MODEL_PERMISSIONS = {
    # Programme managers run the taxonomy, the organisation's units, formats and languages and
    # the programmes in the Wagtail admin. Applications change only through the waiting list's
    # recorded decisions, never by editing rows.
    Role.PROGRAMME_MANAGER: [
        ("people", "competencycluster", _EDIT),
        ("people", "competency", _EDIT),
        ("programmes", "programme", _EDIT),
        ("programmes", "cycle", _EDIT),
        ("programmes", "cohort", _EDIT),
        ("programmes", "nomination", _EDIT),
        ("programmes", "intakequestion", _EDIT),
        ("people", "alloweddomain", _EDIT),
        ("people", "businessunit", _EDIT),
        ("people", "format", _EDIT),
        ("people", "language", _EDIT),
        # The risk register and the steering group's reviews (portal/governance).
        ("governance", "risk", _EDIT),
        ("governance", "governancereview", _EDIT),
        ("governance", "policy", (*_EDIT, "publish")),
        ("governance", "charter", (*_EDIT, "publish")),
        # The HR imports' audit entries (Wagtail's ModelLogEntry reads model permissions); the
        # import screens themselves check the role (portal/insights).
        ("insights", "hrimport", ("view",)),
    ],
}


def _grant_model_permissions(groups: dict[Role, Group]) -> None:
    for role, entries in MODEL_PERMISSIONS.items():
        for app_label, model, actions in entries:
            codenames = [f"{action}_{model}" for action in actions]
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            groups[role].permissions.add(*permissions)


# Communications drafts pages and submits them for review; moderators review and publish.
PAGE_PERMISSIONS = {
    Role.COMMUNICATIONS: ("add_page", "change_page"),
    Role.MODERATOR: ("add_page", "change_page", "publish_page"),
    Role.PROGRAMME_MANAGER: ("add_page", "change_page", "publish_page"),
}


def _grant_page_permissions(groups: dict[Role, Group]) -> None:
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    page_type = ContentType.objects.get_for_model(Page)
    for role, codenames in PAGE_PERMISSIONS.items():
        for permission in Permission.objects.filter(content_type=page_type, codename__in=codenames):
            GroupPagePermission.objects.get_or_create(
                group=groups[role], page=root, permission=permission
            )


def ensure_roles_after_migrate(
    sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """post_migrate hook: roles exist in every database the project migrates, tests included.

    It runs for the people app, which comes before the apps whose permissions the roles need,
    so those permissions are created first (Django's own create_permissions is idempotent).
    """
    if sender.name != "portal.people":
        return
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_roles()


@transaction.atomic
def grant_roles(user: User, *roles: Role) -> None:
    """Give a person one or more roles (groups)."""
    groups = Group.objects.filter(name__in=[role.value for role in roles])
    user.groups.add(*groups)
    user.__dict__.pop("role_names", None)


def ensure_profile(user: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


# The career fields a person keeps on their profile (ProfileForm edits them with the name).
PROFILE_FIELDS = (
    "job_title",
    "function",
    "business_unit",
    "organisation",
    "level",
    "tenure_years",
    "location",
    "time_zone",
)


@transaction.atomic
def save_profile(user: User, data: Mapping[str, Any]) -> Profile:
    """The person's name on their account and the career fields in `data` on their profile.

    Fields absent from `data` keep their value (the intake does not ask for the organisation).
    """
    user.first_name = data["first_name"].strip()
    user.last_name = data["last_name"].strip()
    user.save(update_fields=["first_name", "last_name"])
    profile = ensure_profile(user)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    with discarding_new_photo_on_error(profile):
        if "photo" in data:
            set_photo(profile, data["photo"])
        profile.save()
        if "languages" in data:
            profile.languages.set(data["languages"])
    return profile


# --- membership: joining, role requests, role changes, invitations -----------------------------

INVITATION_DAYS = 14
# Wagtail log actions (registered in wagtail_hooks.py); each entry's data holds role and reason.
ROLE_GRANTED = "people.role_granted"
ROLE_REMOVED = "people.role_removed"
ROLE_REQUESTED = "people.role_requested"
ROLE_REQUEST_DECLINED = "people.role_request_declined"
ONBOARDING_COMPLETED = "people.onboarding_completed"
VETTING_DECIDED = "people.vetting_decided"
REPORTS_TO_CHANGED = "people.reports_to_changed"


class MembershipError(Exception):
    """A membership change refused, with the sentence to show the person who tried."""


def _record(person: User, action: str, actor: User | None, **data: Any) -> None:
    log(instance=person, action=action, user=actor, data=data)


def _set_roles(
    person: User, actor: User | None, add: Iterable[Role], remove: Iterable[Role], reason: str
) -> None:
    current = set(person.roles)
    granted = [role for role in sorted(add) if role not in current]
    removed = [role for role in sorted(remove) if role in current]
    if granted:
        person.groups.add(*Group.objects.filter(name__in=[role.value for role in granted]))
    if removed:
        person.groups.remove(*Group.objects.filter(name__in=[role.value for role in removed]))
    person.__dict__.pop("role_names", None)
    for role in granted:
        _record(person, ROLE_GRANTED, actor, role=role.value, reason=reason)
    for role in removed:
        _record(person, ROLE_REMOVED, actor, role=role.value, reason=reason)


@transaction.atomic
def change_roles(
    person: User, actor: User, add: Iterable[Role], remove: Iterable[Role], reason: str
) -> None:
    """Grant and remove roles as `actor`, each change recorded with who, when and why.

    Refused: a change to one's own roles, a role the actor may not grant (a programme manager
    grants participant roles only: roles.grantable_roles), or no reason."""
    add, remove = set(add), set(remove)
    if person.pk == actor.pk:
        raise MembershipError("You cannot change your own roles; ask another manager.")
    refused = (add | remove) - grantable_roles(actor)
    if refused:
        names = ", ".join(sorted(role.value for role in refused))
        raise MembershipError(f"You may not grant or remove these roles: {names}.")
    if not reason.strip():
        raise MembershipError("Say why you are changing these roles.")
    _set_roles(person, actor, add, remove, reason.strip())


class JoinRefused(MembershipError):
    pass


NOT_ALLOWED_TO_JOIN = (
    "Lodestar is open to the organisation's own email addresses and to people it has invited. "
    "Sign up with your work address, or ask the programme team for an invitation."
)
INVITATION_FOR_ANOTHER_ADDRESS = (
    "This invitation was sent to another address. Sign up with the address it came to."
)


def admission_for(email: str, invitation_token: str = "") -> Invitation | AllowedDomain:
    """Why this address may join: its invitation (when the token opens one for this address),
    else the organisation's domain it belongs to. Raises JoinRefused with the reason otherwise."""
    invitation = open_invitation(invitation_token) if invitation_token else None
    if invitation is not None:
        if invitation.email.lower() != email.strip().lower():
            raise JoinRefused(INVITATION_FOR_ANOTHER_ADDRESS)
        return invitation
    domain = allowed_domain_for(email)
    if domain is None:
        raise JoinRefused(NOT_ALLOWED_TO_JOIN)
    return domain


@transaction.atomic
def join(user: User, admission: Invitation | AllowedDomain, role: Role | None) -> None:
    """A new member's roles on sign-up: the invitation's preset roles; the role asked for at
    once from a domain marked "grant at once"; otherwise a role request for a manager."""
    if isinstance(admission, Invitation):
        invitation = Invitation.objects.select_for_update().get(pk=admission.pk)
        if not invitation.is_open():
            raise JoinRefused("This invitation has expired or was already used.")
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _set_roles(
            user,
            invitation.invited_by,
            invitation.role_list,
            (),
            f"Accepted the invitation sent by {invitation.invited_by or 'the programme team'}.",
        )
        return
    if role is None:
        return
    if admission.grant_at_once:
        _set_roles(user, None, [role], (), f"Signed up from {admission.domain}.")
        return
    request_role(user, role)


@transaction.atomic
def request_role(user: User, role: Role) -> RoleRequest:
    """Ask a programme manager for a participant role. Only mentee and mentor may be asked for;
    one request waits at a time."""
    if role not in REQUESTABLE_ROLES:
        raise MembershipError(
            "You can ask to be a mentee or a mentor; the programme team gives every other role."
        )
    if user.has_role(role):
        raise MembershipError(f"You are already a {role.value.lower()}.")
    if RoleRequest.objects.filter(person=user, status=RoleRequest.Status.PENDING).exists():
        raise MembershipError("Your earlier request is still waiting for a programme manager.")
    request = RoleRequest.objects.create(person=user, role=role.value)
    _record(user, ROLE_REQUESTED, user, role=role.value, reason="")
    signals.role_requested.send(sender=RoleRequest, request=request)
    return request


def _decidable(request_id: int, actor: User) -> RoleRequest:
    request = RoleRequest.objects.select_for_update().select_related("person").get(pk=request_id)
    if request.status != RoleRequest.Status.PENDING:
        by = f" by {request.decided_by}" if request.decided_by else ""
        raise MembershipError(
            f"This request was already {request.get_status_display().lower()}{by}; "
            "nothing was changed."
        )
    if request.person_id == actor.pk:
        raise MembershipError("You cannot decide your own request; ask another manager.")
    if Role(request.role) not in grantable_roles(actor):
        raise MembershipError(f"You may not grant the {request.role} role.")
    return request


@transaction.atomic
def approve_role_request(request_id: int, actor: User) -> RoleRequest:
    """Grant the role asked for; a request already decided is left as it is (MembershipError)."""
    request = _decidable(request_id, actor)
    request.status = RoleRequest.Status.APPROVED
    request.decided_at, request.decided_by = timezone.now(), actor
    request.save(update_fields=["status", "decided_at", "decided_by"])
    _set_roles(request.person, actor, [Role(request.role)], (), "Approved their role request.")
    signals.role_request_decided.send(sender=RoleRequest, request=request)
    return request


@transaction.atomic
def decline_role_request(request_id: int, actor: User, reason: str) -> RoleRequest:
    """Decline with a reason the person reads on their home page."""
    if not reason.strip():
        raise MembershipError("Say why you are declining: the person will read it.")
    request = _decidable(request_id, actor)
    request.status = RoleRequest.Status.DECLINED
    request.decided_at, request.decided_by = timezone.now(), actor
    request.reason = reason.strip()
    request.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    _record(request.person, ROLE_REQUEST_DECLINED, actor, role=request.role, reason=request.reason)
    signals.role_request_decided.send(sender=RoleRequest, request=request)
    return request


def new_invitation_token() -> tuple[str, str]:
    """A fresh token and the hash the database keeps of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


@transaction.atomic
def invite_people(
    emails: Iterable[str],
    roles: Iterable[Role],
    actor: User,
    send: Callable[[int], None],
) -> list[Invitation]:
    """Invite each address with `roles` preset; `send(invitation_id)` delivers each email once
    the invitations are committed (the admin passes the background task). The form has already
    refused malformed and duplicate addresses; this refuses roles the actor may not grant."""
    roles = set(roles)
    refused = roles - grantable_roles(actor)
    if refused or not roles:
        raise MembershipError("Choose roles you may grant for the people you invite.")
    emails = [email.lower() for email in emails]
    now = timezone.now()
    # An expired invitation is dead: a new one replaces it (one open invitation per address).
    Invitation.objects.filter(
        email__in=emails, accepted_at__isnull=True, expires_at__lte=now
    ).delete()
    invitations = []
    expires = now + timedelta(days=INVITATION_DAYS)
    for email in emails:
        # The token sent is made when the email is sent (people.tasks); this one is never shown.
        _, token_hash = new_invitation_token()
        invitation = Invitation.objects.create(
            email=email,
            roles=role_values(roles),
            invited_by=actor,
            token_hash=token_hash,
            expires_at=expires,
        )
        invitations.append(invitation)
    for invitation in invitations:
        send(invitation.pk)
    return invitations


# --- mentor onboarding ----------------------------------------------------------------------------

# What the record says when the library's required modules complete a mentor's onboarding.
COMPLETED_THE_MODULES = "Completed every required onboarding module."


@transaction.atomic
def complete_onboarding(mentor_id: int, actor: User | None, reason: str) -> MentorProfile:
    """Mark a mentor's onboarding done, so the catalog lists them and matching may choose them
    (the save retires the catalog's entries for them). `actor` None: the mentor's own completed
    modules did it (content.services.complete_module). A manager must give a reason and may not
    mark their own; onboarding already done is left as it is (MembershipError)."""
    mentor: MentorProfile = (
        MentorProfile.objects.select_for_update().select_related("user").get(pk=mentor_id)
    )
    if mentor.onboarding_completed_at is not None:
        raise MembershipError(
            f"{mentor.user}'s onboarding was already done on "
            f"{mentor.onboarding_completed_at:%d %B %Y}; nothing was changed."
        )
    if actor is not None:
        if actor.pk == mentor.user_id:
            raise MembershipError("You cannot mark your own onboarding done; ask another manager.")
        if not reason.strip():
            raise MembershipError("Say why onboarding is done without the required modules.")
    mentor.onboarding_completed_at = timezone.now()
    mentor.save(update_fields=["onboarding_completed_at", "updated_at"])
    _record(mentor.user, ONBOARDING_COMPLETED, actor, reason=reason.strip())
    signals.onboarding_completed.send(sender=MentorProfile, mentor=mentor, actor=actor)
    return mentor


# --- external experts' vetting ----------------------------------------------------------------


@transaction.atomic
def record_vetting(
    mentor_id: int,
    actor: User | None,
    status: str,
    reason: str,
    expires_on: date | None = None,
) -> MentorProfile:
    """Set an external expert's vetting as the approval chain decided it (portal.governance
    owns the chain and its checks; this keeps the row and the record): approved until
    `expires_on`, rejected, or expired. Recorded on the person with who and why, and the expert
    told (signals.vetting_decided). `actor` None: the daily expiry review."""
    mentor: MentorProfile = (
        MentorProfile.objects.select_for_update().select_related("user").get(pk=mentor_id)
    )
    if mentor.kind != MentorProfile.Kind.EXTERNAL:
        raise MembershipError(f"{mentor.user} is not an external expert: nothing to vet.")
    mentor.vetting_status = status
    if status == MentorProfile.Vetting.APPROVED:
        if expires_on is None:
            raise MembershipError("An approved vetting needs its expiry date.")
        mentor.vetting_expires_on = expires_on
    mentor.save(update_fields=["vetting_status", "vetting_expires_on", "updated_at"])
    _record(
        mentor.user,
        VETTING_DECIDED,
        actor,
        decision=status,
        expires_on=expires_on.isoformat() if expires_on else "",
        reason=reason.strip(),
    )
    signals.vetting_decided.send(sender=MentorProfile, mentor=mentor, actor=actor)
    return mentor


# --- reporting lines ----------------------------------------------------------------------------


@transaction.atomic
def set_reports_to(person: User, manager: User | None, actor: User | None, reason: str) -> Profile:
    """Record whom `person` reports to (None: nobody), logged on the person with who and why.

    Matching reads the line two levels up (governance, docs/decisions/0019). Refused: a person
    as their own manager, or a line that would loop (A reports to B who reports to A, however
    far up). `actor` None is an import; a manager must give a reason."""
    if actor is not None and not reason.strip():
        raise MembershipError("Say why the reporting line changes: it is kept on their page.")
    profile = Profile.objects.select_for_update().get_or_create(user=person)[0]
    if manager is not None:
        if manager.pk == person.pk:
            raise MembershipError("Nobody reports to themselves: choose their line manager.")
        if _reports_up_to(manager, person):
            raise MembershipError(
                f"{manager} already reports to {person} (directly or further up): "
                "that would make a loop. Change that line first."
            )
    before = profile.reports_to_id
    if before == (manager.pk if manager else None):
        return profile
    profile.reports_to = manager
    profile.save(update_fields=["reports_to"])
    _record(
        person,
        REPORTS_TO_CHANGED,
        actor,
        reports_to=manager.pk if manager else None,
        previous=before,
        reason=reason.strip(),
    )
    return profile


def _reports_up_to(person: User, boss: User) -> bool:
    """Whether `boss` is somewhere above `person` in the reporting lines (one query a level;
    org charts are a few levels deep, and a loop already in the data stops the walk)."""
    seen: set[int] = set()
    current: int | None = person.pk
    while current is not None and current not in seen:
        seen.add(current)
        current = (
            Profile.objects.filter(user_id=current).values_list("reports_to_id", flat=True).first()
        )
        if current == boss.pk:
            return True
    return False


# --- leaving the organisation -------------------------------------------------------------------


def deactivate_accounts(user_ids: list[int]) -> int:
    """Take away access from people who left (the HR import's leavers): the account becomes
    inactive, so it cannot sign in, is not matched or listed, and every session it holds ends
    now (a session of an inactive account no longer authenticates, and its rows are deleted).
    Returns how many accounts were active."""
    if not user_ids:
        return 0
    ids = set(user_ids)
    changed = 0
    for start in range(0, len(user_ids), 1000):
        changed += User.objects.filter(
            pk__in=user_ids[start : start + 1000], is_active=True
        ).update(is_active=False)
    _end_sessions(ids)
    return changed


def reactivate_accounts(user_ids: list[int]) -> int:
    """Give access back to people a later HR file shows as employed again."""
    changed = 0
    for start in range(0, len(user_ids), 1000):
        changed += User.objects.filter(
            pk__in=user_ids[start : start + 1000], is_active=False
        ).update(is_active=True)
    return changed


def _end_sessions(user_ids: set[int]) -> None:
    """Delete the database sessions of these people. Sessions are not indexed by person, so the
    unexpired ones are read and decoded (a few thousand at most in an organisation); any other
    session engine relies on the account being inactive, which already refuses the session."""
    from django.conf import settings
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    wanted = {str(pk) for pk in user_ids}
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) in wanted
    ]
    for start in range(0, len(doomed), 1000):
        Session.objects.filter(pk__in=doomed[start : start + 1000]).delete()
