"""The navigation each person sees, decided by their roles in one place."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from portal.people.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role] | None = None  # None: every signed-in person

    def visible_to(self, user) -> bool:
        if self.roles is None:
            return True
        return user.is_superuser or any(user.has_role(role) for role in self.roles)


# Later capabilities add their pages here; order is the order shown.
NAV = (
    NavItem("Home", "home"),
    NavItem("My intake", "intake:start", frozenset({Role.MENTEE})),
    NavItem("Programmes", "programmes:list", frozenset({Role.MENTEE})),
    NavItem("Matches", "matching:mine", frozenset({Role.MENTEE, Role.MENTOR})),
    NavItem("Mentors", "catalog:list"),
    NavItem("Library", "content:index"),
    NavItem("My mentor profile", "catalog:edit_profile", frozenset({Role.MENTOR})),
    NavItem("Communities", "forum:index"),
    NavItem("Review queue", "forum_moderation:queue", frozenset({Role.MODERATOR})),
    NavItem("Programme admin", "wagtailadmin_home", frozenset({Role.PROGRAMME_MANAGER})),
    NavItem(
        "Publishing", "wagtailadmin_explore_root", frozenset({Role.COMMUNICATIONS, Role.MODERATOR})
    ),
)


def items_for(user, current_path: str) -> list[dict]:
    """The navigation entries for `user`, marking the one that matches the current page."""
    if not user.is_authenticated:
        return []
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": False}
        for item in NAV
        if item.visible_to(user)
    ]
    # The entry whose URL is the longest prefix of the current path is the current one.
    matches = [
        i
        for i in items
        if current_path == i["url"] or (i["url"] != "/" and current_path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items


def context(request: HttpRequest) -> dict:
    """Template context processor: `nav_items` and the person's role names."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    return {
        "nav_items": items_for(user, request.path),
        "user_roles": [role.value for role in user.roles],
    }
