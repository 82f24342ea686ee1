"""Unread tracking without a write on every topic view.

machina's receiver bumps a view counter (an UPDATE per view) and marks the topic read with
several queries and writes every time. We keep the unread marks and drop the counter: a topic
already read since its last post costs one SELECT, and none while the cache remembers that this
reader has read it (until the topic changes or their read marks do).
"""

from machina.core.loading import get_class

from forums import cache, queries
from portal import generations


def mark_topic_read(request, topic) -> None:
    user = request.user
    if not user.is_authenticated:
        return
    # Kept under the generations read before marking: marking writes read marks, which retires
    # this entry (forums.receivers), and the next view keeps the answer under the new ones.
    generations.cached(
        ("forums-read", topic.pk, user.pk),
        (cache.topic(topic.pk), cache.reads(user.pk)),
        lambda: _mark_topic_read(request, topic, user),
    )


def _mark_topic_read(request, topic, user) -> bool:
    if not queries.has_read_since(user, topic, topic.last_post_on or topic.created):
        TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
        TrackingHandler(request).mark_topic_read(topic, user)
    return True
