"""Reads for the community pages: what machina's views do not read themselves, what
forums.pages keeps in the cache, and the moderation queue.

Whether a reader may see a forum is decided in forums.permissions; the reads that depend on it
take the reader and ask there.
"""

from django.db.models import Q, QuerySet

from machina.core.db.models import get_model

from forums import identities
from forums.models import Community, PostReport
from forums.permissions import moderated_forum_ids, readable_forum_ids
from portal.people.models import User
from portal.people.roles import Role, manages_every_programme, may_manage_programmes
from portal.programmes.queries import managed

Forum = get_model("forum", "Forum")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")


# --- forums and topics ------------------------------------------------------------------------


def topics_with_discussion() -> QuerySet:
    """Topics with the discussion each was opened for, if any (the topic page links back)."""
    return Topic.objects.select_related("discussion")


def index_forums(forum_ids) -> QuerySet:
    """The forums `forum_ids` with their last post and its author, as the index shows them:
    neither the last post's text nor its author's password hash is loaded."""
    return (
        Forum.objects.filter(pk__in=forum_ids)
        .select_related("last_post", "last_post__poster")
        .defer("last_post__content", "last_post___content_rendered")
        .defer("last_post__poster__password")
    )


def _topics_of(forum) -> QuerySet:
    return forum.topics.select_related("poster", "last_post", "last_post__poster")


def listed_topics(forum) -> QuerySet:
    """The approved topics a forum's list pages through (announcements are listed apart)."""
    return _topics_of(forum).exclude(type=Topic.TOPIC_ANNOUNCE).exclude(approved=False)


def announcements(forum) -> QuerySet:
    """The forum's announcements, shown above its topics."""
    return _topics_of(forum).filter(type=Topic.TOPIC_ANNOUNCE)


def pending_topics_of(user, forum) -> QuerySet:
    """Topics `user` started in `forum` that wait for a moderator (only their author sees them)."""
    if not user.is_authenticated:
        return Topic.objects.none()
    return Topic.objects.filter(forum=forum, poster=user, approved=False).order_by("-created")


# --- posts ------------------------------------------------------------------------------------


def posts_for_reader(topic, user) -> QuerySet:
    """The posts of `topic` in order: the approved ones, and the reader's own that wait for a
    moderator (marked as such on the page); nobody else's unapproved posts."""
    return topic.posts.filter(Q(approved=True) | Q(poster_id=user.pk)).order_by("created", "pk")


def posts_to_render(post_ids) -> QuerySet:
    """The posts `post_ids` with what their markup shows: the author's identity and the
    attachments."""
    return (
        Post.objects.filter(pk__in=post_ids)
        .select_related("poster", *identities.POSTER_RELATIONS)
        .prefetch_related("attachments")
    )


def reportable_posts(user) -> QuerySet:
    """Approved posts in the forums `user` may read: the ones they may report."""
    return Post.objects.filter(
        approved=True, topic__forum_id__in=readable_forum_ids(user)
    ).select_related("topic__forum")


def has_read_since(user, topic, moment) -> bool:
    """Whether `user` has marked `topic` (or its whole forum) read at or after `moment`."""
    return (
        TopicReadTrack.objects.filter(topic=topic, user=user, mark_time__gte=moment).exists()
        or ForumReadTrack.objects.filter(
            forum_id=topic.forum_id, user=user, mark_time__gte=moment
        ).exists()
    )


# --- moderation -------------------------------------------------------------------------------


def open_reports_for(user) -> QuerySet:
    """Open reports on posts in the forums `user` moderates, oldest first."""
    return (
        PostReport.objects.filter(
            outcome=PostReport.Outcome.OPEN, post__topic__forum_id__in=moderated_forum_ids(user)
        )
        .select_related("post__topic__forum", "post__poster", "reporter")
        .order_by("created_at", "pk")
    )


def moderators_of(forum_id: int) -> QuerySet:
    """The people who work `forum_id`'s queue: its community's moderators who hold the
    Moderator role and can sign in (forums.policy.moderates says the same per person)."""
    return moderator_candidates().filter(moderated_communities__forum_id=forum_id).distinct()


def _unapproved_in(forum_ids: list[int]) -> QuerySet:
    """What "awaiting approval" means, for the list and its count alike."""
    return Post.objects.filter(approved=False, topic__forum_id__in=forum_ids)


def posts_awaiting_approval(user) -> QuerySet:
    """Unapproved posts in the forums `user` moderates, oldest first (home, admin dashboard)."""
    return (
        _unapproved_in(moderated_forum_ids(user))
        .select_related("topic__forum", "poster")
        .order_by("created", "pk")
    )


def awaiting_moderation_count(user) -> int:
    """Posts awaiting approval plus open reports in the forums `user` moderates (home page)."""
    forum_ids = moderated_forum_ids(user)
    if not forum_ids:
        return 0
    waiting = _unapproved_in(forum_ids).count()
    reports = PostReport.objects.filter(
        outcome=PostReport.Outcome.OPEN, post__topic__forum_id__in=forum_ids
    ).count()
    return waiting + reports


# --- who moderates which community --------------------------------------------------------------


def may_assign_moderators(user) -> bool:
    """Who may open "Communities" in the admin: superusers, programme managers, moderators."""
    return may_manage_programmes(user) or (
        user.is_authenticated and user.is_active and user.has_role(Role.MODERATOR)
    )


def moderator_candidates() -> QuerySet[User]:
    """The people who may be made moderators: active holders of the Moderator role."""
    return User.objects.filter(is_active=True, groups__name=Role.MODERATOR.value).order_by(
        "last_name", "first_name", "pk"
    )


def communities_assignable_by(user) -> QuerySet[Community]:
    """The communities whose moderators `user` may change: every one for a superuser; for a
    programme manager, the cohort forums of the programmes they manage; for a moderator, the
    communities they moderate."""
    communities = Community.objects.select_related("forum", "cohort__cycle__programme")
    if manages_every_programme(user):
        return communities
    allowed = Q(pk__in=[])
    if may_manage_programmes(user):
        cohorts = managed(
            Community.objects.filter(kind=Community.Kind.COHORT), user, "cohort__cycle__programme"
        )
        allowed |= Q(pk__in=cohorts.values("pk"))
    if user.is_authenticated and user.is_active and user.has_role(Role.MODERATOR):
        allowed |= Q(moderators=user)
    return communities.filter(allowed).distinct()


# --- discussions of library items -------------------------------------------------------------


def community_discussion_of(url: str):
    """The topic opened in the every-member Q&A about the content at `url`, or None."""
    from forums.models import Community, Discussion

    discussion = (
        Discussion.objects.filter(
            source_url=url, topic__forum__community__kind=Community.Kind.QUESTIONS
        )
        .select_related("topic__forum")
        .first()
    )
    return discussion.topic if discussion else None


def questions_forum():
    """The every-member Q&A forum, where library items are discussed (None before it exists)."""
    from forums.models import Community

    community = (
        Community.objects.filter(kind=Community.Kind.QUESTIONS).select_related("forum").first()
    )
    return community.forum if community else None
