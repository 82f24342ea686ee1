"""Small builders for the community tests."""

from django.urls import reverse

from machina.core.db.models import get_model

from forums import services
from forums.services import topic_url  # noqa: F401 - the tests' one way to a topic's URL

Topic = get_model("forum_conversation", "Topic")


def topic_in(forum, author, subject="How do you open a first session?", *, posts=1, approved=True):
    """A topic with `posts` posts (all by `author`)."""
    topic = services.start_topic(forum, author, subject, _content(1), approved=approved)
    for n in range(2, posts + 1):
        services.reply(topic, author, _content(n), approved=approved)
    return Topic.objects.get(pk=topic.pk)


def _content(n: int) -> str:
    return f"Post {n}: I ask what they want to be different in six months."


def forum_url(forum):
    forum = getattr(forum, "forum", forum)
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})
