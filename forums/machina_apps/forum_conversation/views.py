"""machina's topic view without the per-view counter UPDATE, with portal identities, the link
back to the content a discussion came from, and a report form for each post; the reader's page
of posts comes from the cache (forums.pages), and what every reader sees of each post is kept
by topic_detail.html."""

from django.http import Http404
from django.middleware.csrf import get_token

from machina.apps.forum_conversation import views as machina_views
from machina.apps.forum_conversation.views import TopicView as MachinaTopicView
from machina.core.db.models import get_model

from forums import cache, pages, queries, tracking
from forums.attachments import AttachmentFormset
from forums.forms import ReportForm
from forums.models import PostReport
from forums.paging import page_number
from portal import gates, ratelimits
from portal.ids import parse_id
from portal.submissions.views import SubmitOnceViewMixin

Post = get_model("forum_conversation", "Post")


class TopicView(MachinaTopicView):
    def get(self, request, **kwargs):
        # machina reads `?post=` with isdigit(), which lets "²" through to int(): only a real
        # id is passed on to it, anything else is ignored (the topic's first page).
        if "post" in request.GET and parse_id(request.GET["post"]) is None:
            request.GET = request.GET.copy()
            del request.GET["post"]
        return super().get(request, **kwargs)

    def get_topic(self):
        if not hasattr(self, "topic"):
            # With its forum and the discussion it was opened for, from the cache if unchanged.
            topic = pages.topic(self.kwargs["pk"])
            user = self.request.user
            if not topic.approved and topic.poster_id != user.pk:
                handler = self.request.forum_permission_handler
                if not handler.can_approve_posts(topic.forum, user):
                    raise Http404  # a topic waiting for approval is not public yet
            self.topic = topic
        return self.topic

    def get_queryset(self):
        # Built only when the reader's page of posts is not in the cache (paginate_queryset).
        return Post.objects.none()

    def posts_for_reader(self):
        return queries.posts_for_reader(self.get_topic(), self.request.user)

    def paginate_queryset(self, queryset, page_size):
        # This reader's page of posts comes from the cache while the topic is unchanged.
        topic, user = self.get_topic(), self.request.user

        def page_of(number):
            return pages.post_page(topic, user, self.posts_for_reader, number, page_size)

        page = page_of(page_number(self, lambda: page_of(1).paginator.num_pages))
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        # Not machina's: it looks for a poll on every view, and our communities offer none.
        context = super(MachinaTopicView, self).get_context_data(**kwargs)
        topic = self.get_topic()
        context["topic"] = topic
        context["forum"] = topic.forum
        posts = list(context["posts"])
        handler = self.request.forum_permission_handler
        user = self.request.user
        reader_id = user.pk
        # machina's answers depend on a post only through its topic and whether the reader wrote
        # it: asked once for the reader's posts and once for the others'.
        answers: dict[bool, tuple[bool, bool]] = {}
        for post in posts:
            own = post.poster_id == reader_id
            if own not in answers:
                may_edit = handler.can_edit_post(post, user)
                answers[own] = (may_edit, handler.can_delete_post(post, user))
            post.user_can_edit, post.user_can_delete = answers[own]
            post.may_report = not own
        context["posts"] = posts
        # What every reader sees of a post is kept until the topic or members' identities change.
        context["post_scopes"] = (cache.topic(topic.pk), cache.IDENTITIES)
        context["report_form"] = ReportForm()
        context["report_reasons"] = PostReport.Reason.choices
        # One token for every report form of the page ({% csrf_token %} masks it anew each time).
        context["csrf_value"] = get_token(self.request)
        return context

    def send_signal(self, request, response, topic):
        # Not machina's topic_viewed: its receiver UPDATEs the view counter on every view.
        tracking.mark_topic_read(request, topic)


PENDING_MESSAGE = (
    "Thank you: your post is waiting for a moderator. You can see it, marked as waiting; "
    "everyone else will once it is approved."
)


class AttachmentChecksMixin:
    """Attachments are size- and type-checked and stored under generated names; one message
    after posting says whether the post is published or waits for a moderator."""

    attachment_formset_class = AttachmentFormset
    # Empty: machina's second message would contradict the first (Django drops empty messages).
    approval_required_message = ""

    @property
    def success_message(self) -> str:
        post = getattr(self, "forum_post", None)
        if post is not None and not post.approved:
            return PENDING_MESSAGE
        return "Your post is published."


class PostingRateLimitMixin:
    """Posting over the per-person limit (settings.RATE_LIMITS["post"]) re-renders the form
    with a message and everything typed; nothing is created."""

    def form_valid(self, form, *args, **kwargs):
        if not ratelimits.allow(self.request.user, "post"):
            form.add_error(None, ratelimits.wait_message("post"))
            return self.form_invalid(form, *args, **kwargs)
        return super().form_valid(form, *args, **kwargs)


class AcknowledgedPoliciesMixin:
    """Posting waits for the policies the member must acknowledge (portal.gates): the form
    itself, and a post sent anyway, send them to acknowledge and then back here."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            gates.require(request.user.pk, gates.Action.POST)
        return super().dispatch(request, *args, **kwargs)


class TopicCreateView(
    AcknowledgedPoliciesMixin,
    SubmitOnceViewMixin,
    PostingRateLimitMixin,
    AttachmentChecksMixin,
    machina_views.TopicCreateView,
):
    pass


class TopicUpdateView(AttachmentChecksMixin, machina_views.TopicUpdateView):
    pass


class PostCreateView(
    AcknowledgedPoliciesMixin,
    SubmitOnceViewMixin,
    PostingRateLimitMixin,
    AttachmentChecksMixin,
    machina_views.PostCreateView,
):
    pass


class PostUpdateView(AttachmentChecksMixin, machina_views.PostUpdateView):
    pass
