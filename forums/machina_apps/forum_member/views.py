"""machina's member pages, listing only what the reader may read.

machina's list of a member's posts shows every post in the forums the reader may read, those
still waiting for a moderator included; its profile counts topics in every forum; its list of
followed topics keeps topics in forums the reader may no longer read. Here each lists approved
posts and topics in readable forums, plus the reader's own posts awaiting approval (they see
those in their topics too)."""

from django.db.models import Q

from machina.apps.forum_member.views import ForumProfileDetailView as MachinaProfileDetailView
from machina.apps.forum_member.views import (
    TopicSubscriptionListView as MachinaTopicSubscriptionListView,
)
from machina.apps.forum_member.views import UserPostsView as MachinaUserPostsView
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def _readable_forums(request):
    return request.forum_permission_handler.get_readable_forums(Forum.objects.all(), request.user)


def published_or_own(user) -> Q:
    """Posts anyone who may read the forum may see: approved in an approved topic, or the
    reader's own."""
    return Q(approved=True, topic__approved=True) | Q(poster_id=user.pk)


class UserPostsView(MachinaUserPostsView):
    def get_queryset(self):
        return super().get_queryset().filter(published_or_own(self.request.user))


class ForumProfileDetailView(MachinaProfileDetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics_count"] = Topic.approved_objects.filter(
            poster=self.object.user, forum__in=_readable_forums(self.request)
        ).count()
        return context


class TopicSubscriptionListView(MachinaTopicSubscriptionListView):
    def get_queryset(self):
        return (
            super().get_queryset().filter(approved=True, forum__in=_readable_forums(self.request))
        )
