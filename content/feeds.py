"""RSS and Atom feeds of success stories and newsletters, for the signed-in reader only.

The feeds are routes of the library index, so the same rule guards them as every library page:
a session sign-in (a feed reader outside the browser cannot authenticate; see ADR 0005) and only
the items `visible_pages_for(request.user)` returns.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from content.models import ArticlePage, SuccessStoryPage
from content.queries import visible_pages_for

FEED_SIZE = 20


class StoriesRssFeed(Feed):
    title = "Lodestar: success stories and newsletters"
    description = "Mentoring journeys and programme news from the Lodestar library."

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def link(self, obj):
        return obj.url

    def items(self, obj):
        pages = visible_pages_for(self.request.user).type(SuccessStoryPage, ArticlePage)
        return pages.order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.type_name]


class StoriesAtomFeed(StoriesRssFeed):
    feed_type = Atom1Feed
    subtitle = StoriesRssFeed.description
