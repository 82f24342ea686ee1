"""Hostile input anywhere in the URL map is never a server error, for anyone.

The sweep walks Django's resolver (our URLs, Wagtail's admin, machina's forum, allauth, the
Django admin), fills every path argument with a hostile value and sends, with each URL, every
GET parameter the views read (found in the source of our apps, machina and Wagtail's admin)
set to one too. It runs as each role: a visitor, a mentee, a mentor, a programme manager and a
superuser. Any 500 fails it, and the message lists every URL that gave one.

By default each URL is opened once per role, the hostile value rotating with the URL and the
role, so every value reaches every kind of URL across the roles (about 2,600 requests). With
LODESTAR_HOSTILE_FULL=1 the slow form sends every value to every URL as every role.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

import wagtail

import machina
import pytest

from forums import services as forum_services
from forums.models import Community
from portal.matching import services as matching
from portal.people.roles import Role
from portal.people.services import ensure_roles
from tests.content.factories import build_library
from tests.factories import UserFactory
from tests.forums.helpers import topic_in
from tests.matching.factories import cohort_with_people

HOSTILE = (
    "\x00",
    "²",
    "99999999999999999999999",
    "-1",
    "x" * 5000,
    "'\"unbalanced",
    "١٢",  # digits of another script: int() reads them, an id must not
)
ROLES = ("anonymous", "mentee", "mentor", "programme_manager", "auditor", "superuser")
# Served by other handlers (static files, media).
SKIPPED_PREFIXES = ("static/", "media/", "__debug__/")
# Wagtail's page that raises on purpose, to test error reporting.
DELIBERATE_ERRORS = ("admin/failwhale/",)
# Django's admin lets only staff past its sign-in: other roles open one of its URLs, not all.
DJANGO_ADMIN = "django-admin/"

_GET_PARAMETER = re.compile(
    r"""GET\.get\(\s*['"]([A-Za-z_][\w-]*)['"]|GET\[\s*['"]([A-Za-z_][\w-]*)['"]\s*\]"""
)


def _parameter_names() -> list[str]:
    """Every GET parameter a view of ours, machina's or Wagtail's admin reads by name."""
    roots = [Path(settings.BASE_DIR) / name for name in ("portal", "content", "forums", "search")]
    roots += [Path(machina.__file__).parent, Path(wagtail.__file__).parent / "admin"]
    names = {"q", "p", "page", "next", "ordering", "sort"}  # read by forms and paginators
    for root in roots:
        for source in root.rglob("*.py"):
            if "tests" in source.parts or "migrations" in source.parts:
                continue
            for match in _GET_PARAMETER.finditer(source.read_text(encoding="utf-8")):
                names.add(match.group(1) or match.group(2))
    # `id` and `…_id` parameters are refused (400) before any view by MalformedInputMiddleware
    # (tests/test_malformed_ids.py): sent here, they would stop every request there.
    return sorted(name for name in names if name != "id" and not name.endswith("_id"))


def _routes(resolver=None, prefix: str = "") -> Iterator[str]:
    """Every URL pattern as one string of routes and regular expressions joined."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        part = pattern._route if isinstance(pattern, RoutePattern) else pattern._regex
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + _piece(part, pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _piece(part, pattern)


def _piece(part: str, pattern) -> str:
    # Route and regex pieces are told apart later by their markers; anchors go now.
    if isinstance(pattern, RegexPattern):
        return "\x01" + part.removeprefix("^").removesuffix("$").removesuffix(r"\Z") + "\x02"
    return part


def _fill_regex(regex: str, value: str) -> str:
    """A path matching the shape of `regex` with every group replaced by `value`."""
    out, depth, i = [], 0, 0
    while i < len(regex):
        char = regex[i]
        if char == "\\" and i + 1 < len(regex):
            if depth == 0:
                out.append(regex[i + 1] if regex[i + 1] not in "dwsDWS" else "")
            i += 2
            continue
        if char == "(":
            if depth == 0:
                out.append(value)
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char not in "?*+^$[]{}|":
            out.append(char)
        i += 1
    return "".join(out)


def hostile_url(route: str, value: str) -> str:
    """`route` with every path argument set to `value` (URL-quoted)."""
    quoted = quote(value, safe="")
    route = re.sub(r"<(?:\w+:)?\w+>", lambda _m: quoted, route)
    return "/" + re.sub(
        "\x01(.*?)\x02", lambda m: _fill_regex(m.group(1), quoted), route, flags=re.S
    )


ROUTES = sorted(
    {
        route
        for route in _routes()
        if not route.startswith(SKIPPED_PREFIXES) and route not in DELIBERATE_ERRORS
    }
)
PARAMETERS = _parameter_names()


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """One small organisation for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()
        people = {
            "mentee": UserFactory(roles=[Role.MENTEE]),
            "mentor": UserFactory(roles=[Role.MENTOR]),
            "programme_manager": UserFactory(roles=[Role.PROGRAMME_MANAGER]),
            "auditor": UserFactory(roles=[Role.AUDITOR]),
            "superuser": UserFactory(is_superuser=True, is_staff=True),
        }
        forums = {c.kind: c for c in forum_services.ensure_standard_communities()}
        topic_in(forums[Community.Kind.QUESTIONS].forum, people["mentee"])
        cohort, *_ = cohort_with_people(
            mentees=1, mentors=1, managers=[people["programme_manager"]]
        )
        matching.run_matching(cohort, people["programme_manager"])
        build_library()
        yield people
        transaction.set_rollback(True)


def _routes_for(role: str) -> list[str]:
    if role == "superuser":
        return ROUTES
    django_admin = [route for route in ROUTES if route.startswith(DJANGO_ADMIN)]
    return [route for route in ROUTES if not route.startswith(DJANGO_ADMIN)] + django_admin[:1]


def _client(cast, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def _server_errors(client: Client, requests: Iterator[tuple[str, str]]) -> list[str]:
    failures = []
    for route, value in requests:
        url = hostile_url(route, value)
        query = urlencode(dict.fromkeys(PARAMETERS, value))
        response = client.get(f"{url}?{query}")
        if response.status_code == 500:
            failures.append(f"{response.status_code} {url[:120]} (value {value[:12]!r})")
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_value_in_any_url_is_a_server_error(cast, role):
    offset = ROLES.index(role)
    requests = (
        (route, HOSTILE[(index + offset) % len(HOSTILE)])
        for index, route in enumerate(_routes_for(role))
    )
    failures = _server_errors(_client(cast, role), requests)
    assert not failures, f"{len(failures)} server errors as {role}:\n" + "\n".join(failures)


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("LODESTAR_HOSTILE_FULL") != "1",
    reason="the exhaustive sweep runs with LODESTAR_HOSTILE_FULL=1",
)
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_hostile_value_in_every_url_is_answered(cast, role):
    requests = ((route, value) for route in _routes_for(role) for value in HOSTILE)
    failures = _server_errors(_client(cast, role), requests)
    assert not failures, f"{len(failures)} server errors as {role}:\n" + "\n".join(failures)


def test_the_sweep_reaches_every_part_of_the_url_map():
    """The walk itself: it must not silently miss the admin, the forum or our own pages."""
    urls = [hostile_url(route, "²") for route in ROUTES]
    for prefix in ("/admin/pages/", "/admin/matching/", "/forum/member/", "/mentors/", "/me/"):
        assert any(url.startswith(prefix) for url in urls), prefix
    assert "/forum/member/profile/%C2%B2/posts/" in urls
    assert {"cohort", "post", "a", "b", "q"} <= set(PARAMETERS)
