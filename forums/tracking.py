"""Unread tracking without a write on every topic view.

machina's receiver bumps a view counter (an UPDATE per view) and marks the topic read with
several queries and writes every time. We keep the unread marks and drop the counter: a topic
already read since its last post costs one SELECT.
"""

from django.db.models import Q

from machina.core.db.models import get_model
from machina.core.loading import get_class

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")


def mark_topic_read(request, topic) -> None:
    user = request.user
    if not user.is_authenticated:
        return
    last = topic.last_post_on or topic.created
    already_read = (
        TopicReadTrack.objects.filter(topic=topic, user=user, mark_time__gte=last).exists()
        or ForumReadTrack.objects.filter(
            Q(forum_id=topic.forum_id), user=user, mark_time__gte=last
        ).exists()
    )
    if already_read:
        return
    TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
    TrackingHandler(request).mark_topic_read(topic, user)
