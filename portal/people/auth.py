"""Glue between allauth and django-axes."""

from django.http import HttpRequest


def login_identifier(request: HttpRequest, credentials: dict | None) -> str | None:
    """The identifier axes counts failures against: the email address, lower-cased.

    allauth authenticates with `email=` and posts the address as `login`; axes looks for
    `username` unless told otherwise.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login")
    return value.strip().lower() if value else None
