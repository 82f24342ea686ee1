"""The demo logins: one named person per role, printed by `seed_demo` and, last, by `serve`."""

from dataclasses import dataclass

from django.core.management.base import OutputWrapper
from django.core.management.color import Style

from portal.demo import data


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


def write_logins(out: OutputWrapper, style: Style, logins: list[DemoLogin], site: str) -> None:
    """Print the logins as a small table, then where to use them."""
    out.write(style.MIGRATE_HEADING(f"Demo logins (password for all: {data.DEMO_PASSWORD})"))
    width = max(len(login.role) for login in logins)
    for login in logins:
        out.write(f"  {login.role.ljust(width)}  {login.email}  ({login.name})")
    out.write("")
    out.write(f"Open {site} and sign in with one of them.")
