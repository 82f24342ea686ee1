"""Changes of state for people: roles and their permissions, profiles."""

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, transaction

from portal.people.images import discarding_new_photo_on_error, set_photo
from portal.people.models import Profile, User
from portal.people.roles import ADMIN_ROLES, Role


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
    # Programme managers run the taxonomy and programmes in the Wagtail admin. Applications
    # change only through the waiting list's recorded decisions, never by editing rows.
    Role.PROGRAMME_MANAGER: [
        ("people", "competencycluster", _EDIT),
        ("people", "competency", _EDIT),
        ("programmes", "programme", _EDIT),
        ("programmes", "cycle", _EDIT),
        ("programmes", "cohort", _EDIT),
        ("programmes", "nomination", _EDIT),
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


def ensure_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
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
