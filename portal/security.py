"""Response security policy: strict on the public site, laxer only where the admin needs it."""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.views.defaults import bad_request

from csp.middleware import CSPMiddleware, PolicyParts

from portal.ids import parse_id


def is_admin_path(path: str) -> bool:
    """The Wagtail and Django admin areas, which ship inline scripts and frame their previews."""
    return path.startswith(settings.ADMIN_URL_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin policy for admin paths.

    Admin responses may also be framed by the admin itself (page previews), so they carry
    X-Frame-Options SAMEORIGIN; everything else keeps DENY from XFrameOptionsMiddleware.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
            parts.nonce = None
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if is_admin_path(request.path_info):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return super().process_response(request, response)


# --- sessions -----------------------------------------------------------------------------------

_STARTED = "lodestar.session_started"
_SEEN = "lodestar.session_seen"
_STAFF = "lodestar.session_staff"
_SEEN_RESOLUTION = 60  # seconds: "last seen" is written at most once a minute


def session_limits(staff: bool) -> tuple[int, int]:
    """(idle timeout, absolute limit) in seconds for a staff or a member session."""
    if staff:
        return settings.SESSION_STAFF_IDLE_TIMEOUT, settings.SESSION_STAFF_ABSOLUTE_LIMIT
    return settings.SESSION_IDLE_TIMEOUT, settings.SESSION_ABSOLUTE_LIMIT


def start_session_clock(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """user_logged_in receiver: the session's clock starts, with the limits of the person's roles
    (read once here, so no request after it pays a query for them)."""
    now = int(time.time())
    request.session[_STARTED] = now
    request.session[_SEEN] = now
    request.session[_STAFF] = bool(getattr(user, "may_use_admin", False) or user.is_staff)


class SessionLimitMiddleware:
    """Ends a signed-in session that has been idle, or open, for longer than its limits allow,
    and sends the person to sign in again with a message saying why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str:
        session = request.session
        now = int(time.time())
        started = session.setdefault(_STARTED, now)
        seen = session.setdefault(_SEEN, now)
        idle, absolute = session_limits(bool(session.get(_STAFF)))
        if now - seen > idle:
            return "You were signed out after a while without activity. Sign in to carry on."
        if now - started > absolute:
            return "Your session reached its time limit. Sign in again to carry on."
        if now - seen >= _SEEN_RESOLUTION:
            session[_SEEN] = now
        return ""


class PrivateResponseMiddleware:
    """Pages a signed-in person sees show their data: no shared cache or browser history keeps
    them (`Cache-Control: private, no-store`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


# --- malformed input ----------------------------------------------------------------------------

logger = logging.getLogger(__name__)

# Django's integer fields word a value they cannot read like this ("Field 'id' expected a
# number but got 'abc'."); SQLite raises OverflowError for an integer wider than 64 bits.
_NOT_A_NUMBER = "expected a number but got"


class MalformedInputMiddleware:
    """Hostile input that no form reads is answered, never a 500.

    - A NUL character anywhere in the path or the query string is a 400 (no page of ours
      takes one; databases refuse it, PostgreSQL with an error), and so is a query parameter
      named `id` or `…_id` whose value is not an id (Wagtail's choosers reverse URLs with
      `parent_page_id` as given: "x" was a NoReverseMatch).
    - The backstop for ids read without `portal.ids` (a third party's views, Wagtail's admin):
      a lookup that fails because the id is not a number or is out of range is a 404.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request, SuspiciousOperation("NUL character in the request"))
        if any(
            (key == "id" or key.endswith("_id")) and value and parse_id(value) is None
            for key, values in request.GET.lists()
            for value in values
        ):
            return bad_request(request, SuspiciousOperation("Malformed id in the query"))
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        malformed = isinstance(exception, OverflowError) or (
            isinstance(exception, ValueError) and _NOT_A_NUMBER in str(exception)
        )
        if not malformed:
            return
        match = request.resolver_match
        # The view's name only: the value itself may be anything, personal data included.
        logger.info("Malformed id answered 404 in %s", match.view_name if match else "?")
        raise Http404("No such item.") from exception


class RequestSizeMiddleware:
    """A body declared larger than REQUEST_BODY_MAX_SIZE is answered 413 before it is read.

    Django refuses an oversized upload only after it has streamed it to disk; here the declared
    Content-Length decides, at once. (Bodies without one, chunked, are bounded by the proxy.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        size = int(declared) if declared.isascii() and declared.isdecimal() else 0
        if size > settings.REQUEST_BODY_MAX_SIZE:
            limit = filesizeformat(settings.REQUEST_BODY_MAX_SIZE)
            return HttpResponse(
                f"This upload is too large: at most {limit} can be sent at once.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
