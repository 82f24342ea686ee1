"""The demo logins: one named person per role, printed by `seed_demo` and, last, by `serve`,
and offered on the sign-in page where the demo exists."""

from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import OutputWrapper
from django.core.management.color import Style

from portal.demo import data
from portal.people.models import User


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str


def demo_logins() -> list[DemoLogin]:
    """The people `seed_demo` always creates, whatever the scale."""
    return [
        DemoLogin(role, f"{first} {last}", f"{local}@{data.COMPANY_DOMAIN}")
        for role, first, last, local, *_ in data.NAMED_PEOPLE
    ]


def seeded(logins: list[DemoLogin]) -> list[DemoLogin]:
    """The logins whose person exists (none before `seed_demo` has run)."""
    emails = [login.email for login in logins]
    existing = set(
        User.objects.filter(email__in=emails, is_active=True).values_list("email", flat=True)
    )
    return [login for login in logins if login.email in existing]


def offered_on_sign_in() -> list[DemoLogin]:
    """The logins the sign-in page lists: only where these settings allow the demo (dev, test,
    benchmarks; never production, whose LODESTAR_DEMO_ALLOWED is False: the password is public)
    and only those `seed_demo` has created in this database."""
    if not settings.LODESTAR_DEMO_ALLOWED:
        return []
    return seeded(demo_logins())


def write_logins(out: OutputWrapper, style: Style, logins: list[DemoLogin], site: str) -> None:
    """Print the logins as a small table, then where to use them."""
    out.write(style.MIGRATE_HEADING(f"Demo logins (password for all: {data.DEMO_PASSWORD})"))
    width = max(len(login.role) for login in logins)
    for login in logins:
        out.write(f"  {login.role.ljust(width)}  {login.email}  ({login.name})")
    out.write("")
    out.write(f"Open {site} and sign in with one of them.")
