"""Keep machina's haystack index in step with posts, after commit and never failing a write.

haystack's default signal processor does nothing, so without this a new post is not searchable
until a full reindex, and a moved topic's posts stay under their old forum.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from haystack import connections
from haystack.exceptions import NotHandled
from machina.core.db.models import get_model

Post = get_model("forum_conversation", "Post")

logger = logging.getLogger(__name__)

_paused = False


@contextmanager
def paused() -> Iterator[None]:
    """Skip per-post index updates (bulk seeding); rebuild the index afterwards."""
    global _paused
    previous, _paused = _paused, True
    try:
        yield
    finally:
        _paused = previous


def _index():
    return connections["default"].get_unified_index().get_index(Post)


def index_post(post_id: int) -> None:
    """Index an approved post, or remove it from the index when it is unapproved or gone."""
    if _paused:
        return
    try:
        index = _index()
        post = Post.objects.filter(pk=post_id).select_related("topic__forum", "poster").first()
        if post is None or not post.approved:
            index.remove_object(f"forum_conversation.post.{post_id}")
        else:
            index.update_object(post)
    except NotHandled:
        return
    except Exception:
        # A search failure must never fail a write; a full reindex repairs the index.
        logger.exception("could not index forum post %s", post_id)


def remove_post(post_id: int) -> None:
    """Take a deleted post out of the index (it must not stay findable, even as a dead link)."""
    if _paused:
        return
    try:
        _index().remove_object(f"forum_conversation.post.{post_id}")
    except NotHandled:
        return
    except Exception:
        # A search failure must never fail a delete; a full reindex repairs the index.
        logger.exception("could not remove deleted forum post %s from the index", post_id)


def reindex_topic(topic_id: int) -> None:
    """Reindex every post of a topic (after it moved to another forum)."""
    try:
        index = _index()
        posts = Post.objects.filter(topic_id=topic_id).select_related("topic__forum", "poster")
        for post in posts:
            if post.approved:
                index.update_object(post)
            else:
                index.remove_object(post)
    except NotHandled:
        return
    except Exception:
        logger.exception("could not reindex forum topic %s", topic_id)
