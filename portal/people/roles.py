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
    AUDITOR = "Auditor"


# Staff-side work lives in the Wagtail admin; only these roles may open it. An auditor opens it
# for the audit trail alone: the role carries no other permission (people.services.ensure_roles).
ADMIN_ROLES = frozenset({Role.PROGRAMME_MANAGER, Role.COMMUNICATIONS, Role.MODERATOR, Role.AUDITOR})
# The roles that write and publish the library: they address any programme's or cohort's people.
LIBRARY_EDITOR_ROLES = frozenset({Role.COMMUNICATIONS, Role.MODERATOR})


class Person(Protocol):
    """What these questions read of a person: a signed-in User or an AnonymousUser."""

    @property
    def is_authenticated(self) -> bool: ...

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


def may_send_newsletters(user: Person) -> bool:
    """Who may email a newsletter issue to an audience: communications and superusers.
    Programme managers may not (yet): their audiences would be their programmes' only."""
    return manages_every_programme(user) or (_active(user) and user.has_role(Role.COMMUNICATIONS))


def may_nominate(user: Person) -> bool:
    """Who may nominate people into nomination-only programmes: sponsors (any such programme),
    programme managers (theirs) and superusers; `programmes.queries.nominatable_programmes`
    says which programmes."""
    return may_manage_programmes(user) or (_active(user) and user.has_role(Role.SPONSOR))


def reads_the_whole_audit_trail(user: Person) -> bool:
    """Auditors and superusers read every entry of the audit trail, whatever it is about;
    everyone else reads what each log's own rule lets them (governance.audit.entries_for)."""
    return manages_every_programme(user) or (_active(user) and user.has_role(Role.AUDITOR))


def may_open_audit_trail(user: Person) -> bool:
    """Who may open the audit trail screen: everyone who may open the admin (each reads only
    what they may; governance.audit.entries_for), the participants never."""
    return manages_every_programme(user) or (
        _active(user) and any(user.has_role(role) for role in ADMIN_ROLES)
    )


# Everyone else's roles: the people the programmes serve.
PARTICIPANT_ROLES = frozenset(Role) - ADMIN_ROLES
# What a person may ask for themselves when they sign up (a manager decides the request).
REQUESTABLE_ROLES = (Role.MENTEE, Role.MENTOR)


def may_manage_people(user: Person) -> bool:
    """Who may open the People screens (find people, decide role requests, invite): the same
    people who run programmes. People are one pool across programmes, like mentors."""
    return may_manage_programmes(user)


def grantable_roles(user: Person) -> frozenset[Role]:
    """The roles `user` may give or take away: a superuser any role (the Auditor role only a
    superuser); a programme manager the participant roles only (never a staff role, so never
    one above their own); nobody else any. Being a superuser is no role: nobody grants it
    here."""
    if manages_every_programme(user):
        return frozenset(Role)
    if may_manage_people(user):
        return PARTICIPANT_ROLES
    return frozenset()
