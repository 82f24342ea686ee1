"""Response security policy: strict on the public site, laxer only where the admin needs it."""

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from csp.middleware import CSPMiddleware, PolicyParts


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
