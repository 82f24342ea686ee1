"""machina's permission mixin, answering 404 (not 403) to those who may not see the forum.

machina answers 403 for an object the reader may not read and 404 for a missing one, so a
member could tell a private community's topics exist by their ids. Someone who may see the
forum and lacks one permission in it (to reply, to moderate) still gets 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from machina.apps.forum_permission.viewmixins import (
    PermissionRequiredMixin as MachinaPermissionRequiredMixin,
)
from machina.core.db.models import get_model

from forums.machina_apps.forum_permission.handler import VISIBLE

Forum = get_model("forum", "Forum")


def _forum_of(obj):
    if obj is None or isinstance(obj, Forum):
        return obj
    forum = getattr(obj, "forum", None)
    if forum is None and getattr(obj, "topic", None) is not None:
        forum = obj.topic.forum
    return forum


class PermissionRequiredMixin(MachinaPermissionRequiredMixin):
    def check_permissions(self, request):
        try:
            return super().check_permissions(request)
        except PermissionDenied:
            # The object machina checked (views cache it: no second query).
            forum = _forum_of(
                (hasattr(self, "get_controlled_object") and self.get_controlled_object())
                or (hasattr(self, "get_object") and self.get_object())
                or getattr(self, "object", None)
            )
            if forum is not None and not request.user.is_superuser:
                handler = request.forum_permission_handler
                visible = handler.access_for(request.user).forum_ids_with(*VISIBLE)
                if forum.pk not in visible:
                    raise Http404("No such community item.") from None
            raise
