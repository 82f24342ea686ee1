"""Reads for the community pages that machina's views do not make."""

from machina.core.db.models import get_model

Topic = get_model("forum_conversation", "Topic")


def pending_topics_of(user, forum):
    """Topics `user` started in `forum` that wait for a moderator (only their author sees them)."""
    if not user.is_authenticated:
        return Topic.objects.none()
    return Topic.objects.filter(forum=forum, poster=user, approved=False).order_by("-created")
