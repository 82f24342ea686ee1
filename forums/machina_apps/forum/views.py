"""machina's forum view, listing topics from the cache (forums.rendered) instead of reading and
rendering them on every request. What the reader alone sees (unread marks, their topics awaiting
approval, the button to start a topic) is still worked out for each request."""

from machina.apps.forum.views import ForumView as MachinaForumView
from machina.core.db.models import get_model

from forums import rendered

Topic = get_model("forum_conversation", "Topic")


class ForumView(MachinaForumView):
    def get_queryset(self):
        # The topics come from forums.rendered in get_context_data: nothing to read here.
        return Topic.objects.none()

    def get_context_data(self, **kwargs):
        forum = self.get_forum()
        per_page = self.paginate_by
        number = rendered.page_number(
            self, lambda: rendered.topic_list_page(forum, 1, per_page).page.paginator.num_pages
        )
        listing = rendered.topic_list_page(forum, number, per_page)
        rendered.mark_unread(self.request, forum, listing)
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
            **kwargs,
        }
