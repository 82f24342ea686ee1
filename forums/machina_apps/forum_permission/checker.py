"""machina's permission checker, answering from forums.permissions instead of permission rows."""

from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as MachinaForumPermissionChecker,
)

from forums.permissions import Access


class ForumPermissionChecker(MachinaForumPermissionChecker):
    def __init__(self, user):
        super().__init__(user)
        self.access = Access(user)

    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        wanted = set(perm_codenames) if perm_codenames else None
        result = {}
        for forum in forums:
            granted = set(self.access.permissions(forum.pk if forum is not None else None))
            result[forum] = granted & wanted if wanted is not None else granted
        return result
