"""Forum access for the request: members only, and no session writes for visitors.

Replaces machina's ForumPermissionMiddleware, which stores a random key in the session of every
cookieless visitor on every URL (a database write per health check or crawler hit, and pages
that can never be cached). Our communities are for signed-in members, so a visitor who opens a
forum URL is sent to sign in instead, and no anonymous forum key is needed.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from machina.core.loading import get_class

PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")


class ForumPermissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and request.path_info.startswith(self.forum_prefix):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        request.forum_permission_handler = PermissionHandler()
        return self.get_response(request)

    @property
    def forum_prefix(self) -> str:
        return reverse("forum:index")
