"""Small builders for the community tests."""

from django.urls import reverse

from machina.core.db.models import get_model

from forums.services import topic_url  # noqa: F401 - the tests' one way to a topic's URL

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def topic_in(forum, author, subject="How do you open a first session?", *, posts=1, approved=True):
    """A topic with `posts` posts (the first by `author`)."""
    forum = getattr(forum, "forum", forum)
    topic = Topic.objects.create(
        forum=forum,
        subject=subject,
        poster=author,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=approved,
    )
    for n in range(posts):
        Post.objects.create(
            topic=topic,
            poster=author,
            subject=subject,
            content=f"Post {n + 1}: I ask what they want to be different in six months.",
            approved=approved,
        )
    return Topic.objects.get(pk=topic.pk)


def forum_url(forum):
    forum = getattr(forum, "forum", forum)
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})
