"""machina's topic view without the per-view counter UPDATE, with portal identities, the link
back to the content a discussion came from, and a report form for each post."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from machina.apps.forum_conversation import views as machina_views
from machina.apps.forum_conversation.views import TopicView as MachinaTopicView
from machina.core.db.models import get_model

from forums import identities, tracking
from forums.attachments import AttachmentFormset
from forums.forms import ReportForm

Topic = get_model("forum_conversation", "Topic")


class TopicView(MachinaTopicView):
    def get_topic(self):
        if not hasattr(self, "topic"):
            # The discussion (if the topic was opened from content) comes in the same query.
            topic = get_object_or_404(
                Topic.objects.select_related("forum", "discussion"), pk=self.kwargs["pk"]
            )
            user = self.request.user
            if not topic.approved and topic.poster_id != user.pk:
                handler = self.request.forum_permission_handler
                if not handler.can_approve_posts(topic.forum, user):
                    raise Http404  # a topic waiting for approval is not public yet
            self.topic = topic
        return self.topic

    def get_queryset(self):
        self.topic = self.get_topic()
        return (
            self.topic.posts.exclude(approved=False)
            .select_related("poster", "updated_by", *identities.POSTER_RELATIONS)
            .prefetch_related("attachments")
            .order_by("created", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        identities.decorate(context["posts"])
        context["report_form"] = ReportForm()
        return context

    def send_signal(self, request, response, topic):
        # Not machina's topic_viewed: its receiver UPDATEs the view counter on every view.
        tracking.mark_topic_read(request, topic)


class AttachmentChecksMixin:
    """Attachments are size- and type-checked and stored under generated names."""

    attachment_formset_class = AttachmentFormset


class TopicCreateView(AttachmentChecksMixin, machina_views.TopicCreateView):
    pass


class TopicUpdateView(AttachmentChecksMixin, machina_views.TopicUpdateView):
    pass


class PostCreateView(AttachmentChecksMixin, machina_views.PostCreateView):
    pass


class PostUpdateView(AttachmentChecksMixin, machina_views.PostUpdateView):
    pass
