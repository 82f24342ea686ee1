"""The roles a person can hold and what each role lets them do: the one place that decides it.

Each role is a Django group; a person may hold several. The questions below read only the
person (their flags and groups), so every app can ask them; which *programmes* a programme
manager manages is a relationship, answered by `portal.programmes.queries.managed_programmes`
on top of `may_manage_programmes` here.
"""

from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    MENTEE = "Mentee"
    MENTOR = "Mentor"
    EXTERNAL_EXPERT = "External expert"
    PROGRAMME_MANAGER = "Programme manager"
    SPONSOR = "Sponsor"
    COMMUNICATIONS = "Communications"
    MODERATOR = "Moderator"


# Staff-side work lives in the Wagtail admin; only these roles may open it.
ADMIN_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.COMMUNICATIONS, Role.MODERATOR})
# The roles that write and publish the library: they address any programme's or cohort's people.
LIBRARY_EDITOR_ROLES = frozenset({Role.COMMUNICATIONS, Role.MODERATOR})


class Person(Protocol):
    """What these questions read of a person: a signed-in User or an AnonymousUser."""

    is_authenticated: bool
    is_active: bool
    is_superuser: bool

    def has_role(self, role: Role) -> bool: ...


def _active(user: Person) -> bool:
    return bool(user.is_authenticated and user.is_active)


def manages_every_programme(user: Person) -> bool:
    """Superusers run every programme; there is no platform-wide admin role besides them."""
    return _active(user) and user.is_superuser


def may_manage_programmes(user: Person) -> bool:
    """Who may open the programme staff screens at all: programme managers and superusers.

    A programme manager then sees and changes only the programmes they are listed as managers
    of (`managed_programmes`); one listed without the role manages nothing."""
    return manages_every_programme(user) or (
        _active(user) and user.has_role(Role.PROGRAMME_MANAGER)
    )


def addresses_every_programme(user: Person) -> bool:
    """Whether library editing may aim an item at any programme or cohort (content staff and
    superusers); a programme manager alone aims only at the programmes they manage."""
    return manages_every_programme(user) or (
        _active(user) and any(user.has_role(role) for role in LIBRARY_EDITOR_ROLES)
    )
