"""machina's permission checker, answering from forums.permissions instead of permission rows."""

from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as MachinaForumPermissionChecker,
)

from forums.permissions import Access


class ForumPermissionChecker(MachinaForumPermissionChecker):
    def __init__(self, user):
        super().__init__(user)
        self.access = Access(user)

    def has_perm(self, perm, forum):
        # machina's computes every codename of the forum, trust included (a count): ours asks
        # the rule about `perm` alone. The same order as machina's: inactive, then superuser.
        if not self.user.is_anonymous and not self.user.is_active:
            return False
        if self.user.is_superuser:
            return True
        return self.access.holds(perm, forum.pk if forum is not None else None)

    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        wanted = frozenset(perm_codenames) if perm_codenames else None
        result = {}
        for forum in forums:
            granted = self.access.permissions(forum.pk if forum is not None else None, wanted)
            result[forum] = set(granted & wanted if wanted is not None else granted)
        return result
