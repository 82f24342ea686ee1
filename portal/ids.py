"""One way to read a row id from a request: path arguments, query strings and form fields.

An id is 1 to 19 ASCII digits within the widest integer column the portal's databases hold
(SQLite's INTEGER, PostgreSQL's bigint). Anything else is not an id: `str.isdigit()` accepts
superscripts (`"²"`) that `int()` refuses, `int()` accepts other scripts' digits and spaces,
and a twenty-digit number overflows SQLite. Each of those was a 500; here they are "no such
row" (a 404 for a path or a query string, "Select a valid choice" in a form).

- `parse_id(value)`: the id or None.
- `<id:pk>` in a URL pattern (registered by `portal.apps`), and `strict_routes(patterns)` for
  a third party's patterns (machina's), which turns their `<int:…>` and `<str:pk>` into it.
- `IdField`, `IdChoiceField`, `IdsChoiceField`: form fields for one id, one row, several rows.
- `MalformedIdMiddleware` (portal/security.py) is the backstop for URLs we do not own.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value: Any) -> int | None:
    """`value` as a row id (a positive integer in the database's range), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """`<id:pk>`: a path segment that is an id, else the pattern does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


_LOOSE_ID = re.compile(r"<(?:int|str):(pk|\w*_pk|\w*_id)>|<int:(\w+)>")


def _strict_route(route: str) -> str:
    return _LOOSE_ID.sub(lambda m: f"<id:{m.group(1) or m.group(2)}>", route)


def strict_routes(patterns: list) -> list:
    """A copy of `patterns` (recursively) whose `<int:x>` and `<str:pk>` arguments are `<id:x>`.

    For a third party's URLs that we mount but do not write (machina's): their ids then get the
    same check as ours, and `/member/profile/abc/` is no longer a database lookup of "abc"."""
    result = []
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            pattern = RoutePattern(
                _strict_route(pattern._route), name=pattern.name, is_endpoint=pattern._is_endpoint
            )
        if isinstance(entry, URLResolver):
            entry = URLResolver(
                pattern,
                strict_routes(entry.url_patterns),
                entry.default_kwargs,
                entry.app_name,
                entry.namespace,
            )
        elif isinstance(entry, URLPattern):
            entry = URLPattern(pattern, entry.callback, entry.default_args, entry.name)
        result.append(entry)
    return result


INVALID_CHOICE = forms.ModelChoiceField.default_error_messages["invalid_choice"]


class IdField(forms.IntegerField):
    """A form field holding one id (hidden fields naming a row)."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_id(str(value).strip())
        if number is None:
            raise ValidationError("Not a valid id.", code="invalid")
        return number


class IdChoiceField(forms.ModelChoiceField):
    """ModelChoiceField that checks the id before the database sees it."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if (
            self.to_field_name is None
            and not isinstance(value, self.queryset.model)
            and parse_id(str(value)) is None
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that checks every id before the database sees them."""

    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None and isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, self.queryset.model):
                    continue
                if parse_id(str(item)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:40]},
                    )
        return super()._check_values(value)
