"""Signals that keep the communities in step with the programme and the search index.

Access itself needs no signal: it is derived on every request from roles and memberships
(forums.permissions). Only objects are created here: a forum for each new cohort.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from machina.apps.forum_member import receivers as machina_member_receivers
from machina.core.db.models import get_model

from forums import search_sync, services
from portal.programmes.models import Cohort

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Cohort, dispatch_uid="forums.cohort_forum")
def create_cohort_forum(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.provision_cohort_forum(instance)


@receiver(pre_save, sender=Topic, dispatch_uid="forums.topic_move_seen")
def remember_previous_forum(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    instance._previous_forum_id = (
        Topic.objects.filter(pk=instance.pk).values_list("forum_id", flat=True).first()
    )


@receiver(post_save, sender=Topic, dispatch_uid="forums.topic_move_reindex")
def reindex_moved_topic(sender, instance, created, raw=False, **kwargs):
    previous = getattr(instance, "_previous_forum_id", None)
    if raw or created or previous is None or previous == instance.forum_id:
        return
    # The index stores each post's forum: a moved topic's posts must not stay findable under
    # the forum they left (which may be readable by more people than the one they joined).
    topic_id = instance.pk
    transaction.on_commit(lambda: search_sync.reindex_topic(topic_id))


@receiver(post_save, sender=Post, dispatch_uid="forums.post_index")
def index_post(sender, instance, raw=False, **kwargs):
    if raw:
        return
    post_id = instance.pk
    transaction.on_commit(lambda: search_sync.index_post(post_id))


@receiver(post_delete, sender=Post, dispatch_uid="forums.post_unindex")
def unindex_deleted_post(sender, instance, **kwargs):
    # After commit: a delete that rolls back keeps its post, so the post keeps its index entry.
    post_id = instance.pk
    transaction.on_commit(lambda: search_sync.remove_post(post_id))


# machina's own receiver re-creates the poster's ForumProfile with get_or_create when a post is
# deleted. While a user account is deleted, their profile goes before their posts, so that
# receiver resurrects a profile pointing at the user being deleted and the delete fails at
# commit (a foreign key violation). Ours only decrements a profile that exists.
post_delete.disconnect(
    machina_member_receivers.decrease_posts_count_after_post_deletion, sender=Post
)


@receiver(post_delete, sender=Post, dispatch_uid="forums.post_deleted_count")
def decrease_posts_count_after_post_deletion(sender, instance, **kwargs):
    if instance.approved and instance.poster_id:
        ForumProfile.objects.filter(user_id=instance.poster_id, posts_count__gt=0).update(
            posts_count=F("posts_count") - 1
        )
