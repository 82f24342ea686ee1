"""The navigation each person sees, decided by their roles in one place.

The header has a few top-level places, menus that group the pages of one kind of work, and the
account menu with the person's own pages. Templates only render what `context` returns.

Where the next capabilities go: engagements in "My mentoring"; opportunities as a top-level
place (or in "My mentoring" if they stay few); insights in "Manage" for sponsors and programme
managers (equity monitoring is there; a sponsor's Manage menu already holds their read-only
registers); notifications as a bell beside the account menu (base.html
keeps its place), not as an entry here.
"""

import functools
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from portal.notifications.queries import unread_count
from portal.people.roles import Role

EVERYONE = None
# Nobody by role: only superusers, who see every entry.
SUPERUSERS = frozenset[Role]()


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role] | None = EVERYONE
    of_the_person: bool = False  # the URL takes the person's id (their posts)

    def visible_to(self, user) -> bool:
        if self.roles is None:
            return True
        return user.is_superuser or any(user.has_role(role) for role in self.roles)

    def url_for(self, user) -> str:
        return reverse(self.url_name, args=[user.pk] if self.of_the_person else None)


@dataclass(frozen=True)
class NavGroup:
    """A menu of entries; shown only when the person sees one of them, and as that entry alone
    when they see only one (a menu of one is a click for nothing)."""

    label: str
    items: tuple[NavItem, ...]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Menu:
    label: str
    links: tuple[Link, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


MENTEE = frozenset({Role.MENTEE})
MENTOR = frozenset({Role.MENTOR})
MODERATOR = frozenset({Role.MODERATOR})

# Order is the order shown.
MAIN = (
    NavItem("Home", "home"),
    NavGroup(
        "My mentoring",
        (
            NavItem("Programmes", "programmes:list", MENTEE),
            NavItem("Matches", "matching:mine", MENTEE | MENTOR),
            NavItem("My engagements", "engagements:mine", MENTEE | MENTOR),
        ),
    ),
    NavItem("Mentors", "catalog:list"),
    NavItem("Library", "content:index"),
    NavItem("Communities", "forum:index"),
    NavGroup(
        "Manage",
        (
            NavItem("Review queue", "forum_moderation:queue", MODERATOR),
            NavItem(
                "Nominations",
                "programmes:nominations",
                frozenset({Role.SPONSOR, Role.PROGRAMME_MANAGER}),
            ),
            NavItem("Risk register", "governance:risks", frozenset({Role.SPONSOR})),
            NavItem(
                "Equity monitoring",
                "insights:equity",
                frozenset({Role.SPONSOR, Role.PROGRAMME_MANAGER}),
            ),
            # The insights sit together in "Manage" (a top-level place would widen the header
            # past one row for someone holding every role).
            NavItem(
                "Scorecard", "insights:scorecard", frozenset({Role.SPONSOR, Role.PROGRAMME_MANAGER})
            ),
            NavItem("Expert approvals", "governance:sponsor_list", frozenset({Role.SPONSOR})),
            NavItem("Programme admin", "wagtailadmin_home", frozenset({Role.PROGRAMME_MANAGER})),
            NavItem("Engagements", "engagements:mine", frozenset({Role.PROGRAMME_MANAGER})),
            NavItem(
                "Publishing",
                "staff_publishing",
                frozenset({Role.COMMUNICATIONS, Role.MODERATOR}),
            ),
            NavItem("Audit trail", "governance_audit_trail", frozenset({Role.AUDITOR})),
            NavItem("Site administration", "admin:index", SUPERUSERS),
        ),
    ),
)
# The person's own pages, in the account menu (signing out is a form there, not a link).
ACCOUNT = (
    NavItem("Your profile", "edit_profile"),
    NavItem("My mentor profile", "catalog:edit_profile", MENTOR),
    NavItem("My onboarding", "onboarding", MENTOR),
    NavItem("My due diligence", "governance:my_vetting", frozenset({Role.EXTERNAL_EXPERT})),
    NavItem("My intake", "intake:start", MENTEE),
    NavItem("My applications", "programmes:mine", MENTEE),
    NavItem(
        "Conflicts of interest",
        "governance:conflicts",
        frozenset({Role.MENTEE, Role.MENTOR, Role.EXTERNAL_EXPERT}),
    ),
    NavItem("My posts", "forum_member:user_posts", of_the_person=True),
    NavItem("Policies and charters", "governance:index"),
    NavItem("Notification settings", "notifications:preferences"),
)


@dataclass(frozen=True)
class Header:
    main: tuple[Link | Menu, ...]
    account: tuple[Link, ...]


def header_for(user, path: str) -> Header:
    """The header's places, menus and account entries for `user`; the entry whose URL is the
    longest prefix of `path` is the current one."""
    if not user.is_authenticated:
        return Header(main=(), account=())
    urls = {
        item: item.url_for(user)
        for entry in (*MAIN, *ACCOUNT)
        for item in (entry.items if isinstance(entry, NavGroup) else (entry,))
        if item.visible_to(user)
    }
    under = [url for url in urls.values() if path == url or (url != "/" and path.startswith(url))]
    current = max(under, key=len) if under else None

    def links(items) -> tuple[Link, ...]:
        return tuple(
            Link(item.label, urls[item], urls[item] == current) for item in items if item in urls
        )

    main: list[Link | Menu] = []
    for entry in MAIN:
        shown = links(entry.items if isinstance(entry, NavGroup) else (entry,))
        if isinstance(entry, NavGroup) and len(shown) > 1:
            main.append(Menu(entry.label, shown))
        else:
            main += shown
    return Header(main=tuple(main), account=links(ACCOUNT))


def context(request: HttpRequest) -> dict:
    """Template context processor: the header's entries, the person's role names and their
    unread notifications (counted only when a template shows it, and then from the cache)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"header": Header(main=(), account=()), "user_roles": [], "unread_notifications": 0}
    return {
        "header": header_for(user, request.path),
        "user_roles": [role.value for role in user.roles],
        "unread_notifications": functools.cache(lambda: unread_count(user)),
    }
