"""Strict parsing of settings from the environment.

django-environ turns any unknown boolean into False; a typo in a security switch must stop the
process instead, so booleans go through `env_bool`.
"""

import os

from django.core.exceptions import ImproperlyConfigured

import environ

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; anything but a recognised true/false word is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no)")


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, dropping empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def fail_safe(cache: dict) -> dict:
    """A CACHES entry for `cache` behind portal.generations.FailSafeCache: when the backend fails
    (the server cannot be reached), reads miss and writes are dropped, and no request fails."""
    return {"BACKEND": "portal.generations.FailSafeCache", "WRAPPED": cache}
