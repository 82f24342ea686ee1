"""Unread tracking without a write on every topic view.

machina's receiver bumps a view counter (an UPDATE per view) and marks the topic read with
several queries and writes every time. We keep the unread marks and drop the counter: a topic
already read since its last post costs one SELECT, and none while the cache remembers that this
reader has read it (until the topic changes or their read marks do).
"""

from machina.core.loading import get_class

from forums import fragments, queries


def mark_topic_read(request, topic) -> None:
    user = request.user
    if not user.is_authenticated:
        return
    topic_token, reads_token = fragments.tokens(f"topic:{topic.pk}", f"reads:{user.pk}")
    read_key = fragments.key("read", topic.pk, user.pk, topic_token, reads_token)
    if fragments.fetch(read_key):
        return
    _mark_topic_read(request, topic, user)
    # Stored under the tokens read before marking: marking writes read marks, which retires
    # this key (forums.receivers), and the next view stores the answer under the new tokens.
    fragments.store(read_key, True)


def _mark_topic_read(request, topic, user) -> None:
    if queries.has_read_since(user, topic, topic.last_post_on or topic.created):
        return
    TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
    TrackingHandler(request).mark_topic_read(topic, user)
