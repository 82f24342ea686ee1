"""Signals that keep the communities in step with the programme (search/ keeps its own index).

Access itself needs no signal: it is derived on every request from roles and memberships
(forums.permissions). Only objects are created here: a forum for each new cohort.
"""

import logging

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from machina.apps.forum_member import receivers as machina_member_receivers
from machina.core.db.models import get_model

from forums import services
from portal.programmes.models import Cohort

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Cohort, dispatch_uid="forums.cohort_forum")
def create_cohort_forum(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.provision_cohort_forum(instance)


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
