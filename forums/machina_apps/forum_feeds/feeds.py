"""machina's topic feeds: a forum the reader may not read is not found (machina answers an empty
200 feed, which tells a private community exists); topics are the approved ones, as machina's."""

from django.http import Http404

from machina.apps.forum_feeds.feeds import LastTopicsFeed as MachinaLastTopicsFeed


class LastTopicsFeed(MachinaLastTopicsFeed):
    def get_object(self, request, *args, **kwargs):
        super().get_object(request, *args, **kwargs)
        forum_pk = kwargs.get("forum_pk")
        if forum_pk and not self.forums.filter(pk=forum_pk).exists():
            raise Http404("No such community.")
