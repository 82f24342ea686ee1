"""machina's permission handler, filtering forums by the ids our access rule grants.

machina's own handler loads every forum, asks for each one's permissions and walks the forum tree
(several queries, and Python work that grows with the number of cohort forums) on every page,
sometimes twice. Ours asks forums.permissions.Access once for the ids and filters querysets by
them, with the same meaning: a forum is listed when the reader may see and read it and every
forum above it.
"""

from django.db import models

from machina.apps.forum_permission.handler import PermissionHandler as MachinaPermissionHandler
from machina.core.db.models import get_model

from forums import cache
from portal import generations

Forum = get_model("forum", "Forum")

VISIBLE = ("can_see_forum", "can_read_forum")


class PermissionHandler(MachinaPermissionHandler):
    def __init__(self):
        super().__init__()
        # Whether the reader follows a topic, asked twice a page (one handler per request).
        self._answers: dict[tuple, bool] = {}

    def access_for(self, user):
        """The request's forums.permissions.Access for `user` (loaded once per request)."""
        return self._get_checker(user).access

    def _forum_ids(self, user, *codenames: str) -> list[int]:
        return self.access_for(user).forum_ids_with(*codenames)

    def forum_list_filter(self, qs, user):
        if user.is_superuser:
            return qs
        return qs.filter(id__in=self._forum_ids(user, *VISIBLE))

    def _get_hidden_forum_ids(self, forums, user):
        return forums.exclude(id__in=self._forum_ids(user, *VISIBLE))

    def get_readable_forums(self, forums, user):
        if user.is_superuser:
            return forums
        ids = set(self._forum_ids(user, "can_read_forum"))
        if isinstance(forums, models.Manager | models.QuerySet):
            return forums.filter(id__in=ids)
        return [forum for forum in forums if forum.id in ids]

    def can_access_moderation_queue(self, user):
        # Asked by every community page (the "Review queue" link): no query for the forums.
        return user.is_superuser or bool(self._forum_ids(user, "can_approve_posts"))

    def _get_forums_for_user(self, user, perm_codenames, use_tree_hierarchy=False):
        if user.is_superuser:
            return super()._get_forums_for_user(user, perm_codenames, use_tree_hierarchy)
        key = (tuple(perm_codenames), user.pk)
        if key not in self._granted_forums_cache:
            ids = self._forum_ids(user, *perm_codenames)
            self._granted_forums_cache[key] = list(Forum.objects.filter(id__in=ids))
        return self._granted_forums_cache[key]

    def _is_post_author(self, post, user):
        # By id: machina compares the poster object, which loads it for every post on the page.
        # (Visitors never reach the forums: forums.middleware sends them to sign in.)
        return user.is_authenticated and post.poster_id == user.pk

    def can_subscribe_to_topic(self, topic, user):
        return (
            user.is_authenticated
            and not self._follows(topic, user)
            and self._perform_basic_permission_check(topic.forum, user, "can_read_forum")
        )

    def can_unsubscribe_from_topic(self, topic, user):
        return (
            user.is_authenticated
            and self._follows(topic, user)
            and self._perform_basic_permission_check(topic.forum, user, "can_read_forum")
        )

    def _follows(self, topic, user) -> bool:
        # machina loads every subscriber of the topic; ours asks one EXISTS, kept for this reader
        # until the topic's subscribers change (forums.receivers).
        key = ("follows", user.pk, topic.pk)
        if key not in self._answers:
            self._answers[key] = generations.cached(
                ("forums-follows", topic.pk, user.pk),
                (cache.subscriptions(topic.pk),),
                lambda: topic.subscribers.filter(pk=user.pk).exists(),
            )
        return self._answers[key]
