"""machina's index and forum views, listing forums and topics from the cache (forums.pages,
and the rows' markup in topic_rows.html) instead of reading and rendering them on every
request. What the reader alone sees (which forums, unread marks, their topics awaiting
approval, the button to start a topic) is still worked out for each request."""

from machina.apps.forum.views import ForumView as MachinaForumView
from machina.apps.forum.views import IndexView as MachinaIndexView
from machina.core.db.models import get_model
from machina.core.loading import get_class

from forums import cache, pages
from forums.machina_apps.forum_permission.handler import VISIBLE
from forums.paging import page_number

ForumVisibilityContentTree = get_class("forum.visibility", "ForumVisibilityContentTree")
Topic = get_model("forum_conversation", "Topic")


class IndexView(MachinaIndexView):
    def get_queryset(self):
        # The forums the reader may see (decided by forums.permissions on every request), each
        # from the cache while it is unchanged; machina builds its tree from them as usual.
        user = self.request.user
        if user.is_superuser:
            return super().get_queryset()  # every forum, with or without a community
        handler = self.request.forum_permission_handler
        forum_ids = handler.access_for(user).forum_ids_with(*VISIBLE)
        return ForumVisibilityContentTree.from_forums(pages.index_forums(forum_ids))


class ForumView(MachinaForumView):
    def get_forum(self):
        if not hasattr(self, "forum"):
            self.forum = pages.forum(self.kwargs["pk"])
        return self.forum

    def get_queryset(self):
        # The topics come from forums.pages in get_context_data: nothing to read here.
        return Topic.objects.none()

    def get_context_data(self, **kwargs):
        forum = self.get_forum()
        per_page = self.paginate_by
        number = page_number(
            self, lambda: pages.topic_list_page(forum, 1, per_page).page.paginator.num_pages
        )
        listing = pages.topic_list_page(forum, number, per_page)
        pages.mark_unread(self.request, forum, listing)
        page = listing.page
        # What machina's view gives its template, less the sub-forums (communities have none).
        return {
            "view": self,
            "forum": forum,
            "topics": listing.topics,
            "announces": listing.announces,
            "paginator": page.paginator,
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            # The rows' markup is kept until the forum's topics or members' identities change.
            "row_scopes": (cache.forum(forum.pk), cache.IDENTITIES),
            **kwargs,
        }
