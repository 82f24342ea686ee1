"""Glue between allauth and django-axes."""

from django.http import HttpRequest

from allauth.account.auth_backends import AuthenticationBackend


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


class _LoadsPortrait:
    """Loads the signed-in person with their profile and mentor profile in the same query, so
    the header's portrait (User.photo_url) costs no query on any page."""

    def get_user(self, user_id):
        from portal.people.models import User

        try:
            user = User._default_manager.select_related("profile", "mentor_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class AllauthBackend(_LoadsPortrait, AuthenticationBackend):
    """allauth's email backend, loading the person as above."""
