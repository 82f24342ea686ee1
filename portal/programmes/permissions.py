"""Who may run programmes: the one place that decides it.

The Programme manager group's model permissions are granted with every other role's in
portal.people.services.MODEL_PERMISSIONS."""

from portal.people.roles import Role


def may_manage_programmes(user) -> bool:
    """Programme managers and superusers run the waiting lists."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_role(Role.PROGRAMME_MANAGER)
