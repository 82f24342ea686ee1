"""Signals that keep the communities in step with the programme and the cached parts of the
community pages (search/ keeps its own index).

Access itself needs no signal: it is derived on every request from roles and memberships
(forums.permissions). Objects are created here (a forum for each new cohort), and the scopes of
forums/cache.py are retired when what the cached pages show changes.
"""

import logging

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from machina.apps.forum.signals import forum_moved
from machina.apps.forum_member import receivers as machina_member_receivers
from machina.core.db.models import get_model

from forums import cache, services
from forums.models import Community, Discussion
from portal import generations
from portal.people.models import MentorProfile, MentorStrength, Profile, User
from portal.programmes.models import Cohort

Attachment = get_model("forum_attachments", "Attachment")
Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Cohort, dispatch_uid="forums.cohort_forum")
def create_cohort_forum(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.provision_cohort_forum(instance)


@receiver(post_save, sender=Post, dispatch_uid="forums.post_awaits_approval")
def tell_moderators_post_waits(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not instance.approved:
        services.tell_moderators_post_waits(instance)


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


# --- the cached parts of the community pages (forums/cache.py) ----------------------------------


@receiver([post_save, post_delete], sender=Topic, dispatch_uid="forums.cache_topic")
def retire_cached_topic(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # A moved topic leaves the list of the forum it came from (remember_previous_forum).
    previous = getattr(instance, "_previous_forum_id", None)
    forums = {instance.forum_id, previous} - {None}
    generations.retire(cache.topic(instance.pk), *(cache.forum(pk) for pk in forums))


@receiver([post_save, post_delete], sender=Post, dispatch_uid="forums.cache_post")
def retire_cached_post(sender, instance, raw=False, **kwargs):
    # Saving or deleting a post also saves its topic (machina's trackers), which retires the
    # forum's list; the topic's own posts are retired here.
    if not raw:
        generations.retire(cache.topic(instance.topic_id))


@receiver([post_save, post_delete], sender=Discussion, dispatch_uid="forums.cache_discussion")
def retire_cached_discussion(sender, instance, raw=False, **kwargs):
    # The topic page links back to the content the discussion was opened for.
    if not raw:
        generations.retire(cache.topic(instance.topic_id))


@receiver([post_save, post_delete], sender=Attachment, dispatch_uid="forums.cache_attachment")
def retire_cached_attachment(sender, instance, raw=False, **kwargs):
    if raw:
        return
    topic_id = Post.objects.filter(pk=instance.post_id).values_list("topic_id", flat=True).first()
    if topic_id is not None:
        generations.retire(cache.topic(topic_id))


@receiver([post_save, post_delete], sender=Forum, dispatch_uid="forums.cache_forum")
def retire_cached_forum(sender, instance, raw=False, signal=None, **kwargs):
    # Its name and slug are in every row of its list (the topics' links); machina saves it for
    # every new post too (its counters).
    if raw:
        return
    if signal is post_delete:
        generations.retire(cache.forum(instance.pk), cache.COMMUNITIES)
    else:
        generations.retire(cache.forum(instance.pk))


@receiver(forum_moved, dispatch_uid="forums.cache_forum_moved")
def retire_cached_audiences(sender, **kwargs):
    # The audiences' entry holds each forum's parent: a forum under a closed one is closed.
    generations.retire(cache.COMMUNITIES)


@receiver([post_save, post_delete], sender=Community, dispatch_uid="forums.cache_community")
def retire_cached_communities(sender, raw=False, **kwargs):
    if not raw:
        generations.retire(cache.COMMUNITIES)


@receiver(m2m_changed, sender=Topic.subscribers.through, dispatch_uid="forums.cache_subscriptions")
def retire_cached_subscriptions(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # topic.subscribers changed
        topic_ids = {instance.pk}
    elif pk_set is not None:  # user.topic_subscriptions.add() or .remove()
        topic_ids = set(pk_set)
    else:  # user.topic_subscriptions.clear(), before it happens
        topic_ids = set(instance.topic_subscriptions.values_list("pk", flat=True))
    generations.retire(*(cache.subscriptions(topic_id) for topic_id in topic_ids))


@receiver([post_save, post_delete], sender=TopicReadTrack, dispatch_uid="forums.cache_reads_topic")
@receiver([post_save, post_delete], sender=ForumReadTrack, dispatch_uid="forums.cache_reads_forum")
def retire_cached_reads(sender, instance, raw=False, **kwargs):
    # What a person has read decides their unread marks (kept per reader in the cache).
    if not raw:
        generations.retire(cache.reads(instance.user_id))


@receiver([post_save, post_delete], sender=User, dispatch_uid="forums.cache_identity_user")
def retire_cached_identities_for_user(sender, raw=False, update_fields=None, **kwargs):
    # Signing in only records last_login, which no page of the communities shows.
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    generations.retire(cache.IDENTITIES)


@receiver([post_save, post_delete], sender=Profile, dispatch_uid="forums.cache_id_profile")
@receiver([post_save, post_delete], sender=MentorProfile, dispatch_uid="forums.cache_id_mentor")
@receiver([post_save, post_delete], sender=MentorStrength, dispatch_uid="forums.cache_id_strength")
def retire_cached_identities(sender, raw=False, **kwargs):
    # A post shows its author's name, job title, organisation and photo, and links to their page
    # in the mentor catalog while they are listed there (which their strengths decide).
    if not raw:
        generations.retire(cache.IDENTITIES)
