"""What the community pages read, kept in the cache on the scopes of forums/cache.py (the reads
themselves are forums.queries): forums and topics, a page of a forum's topic list, a reader's
page of posts, their unread marks and topics awaiting approval.

What depends on the reader (which forums they see, unread marks, their own posts awaiting
approval) is worked out on every request; the few entries about one reader carry their id in
the key. The markup every reader sees alike is kept by the templates themselves
({% fragment_each %} in topic_detail.html and topic_rows.html).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404

from machina.core.db.models import get_model
from machina.core.loading import get_class

from forums import cache, identities, queries
from portal import generations

Forum = get_model("forum", "Forum")


def pending_topics(user, forum) -> list[dict]:
    """The reader's own topics in `forum` that wait for a moderator, as plain values, kept for
    this reader until the forum's topics change."""
    if not user.is_authenticated:
        return []
    return generations.cached(
        ("forums-pending", forum.pk, user.pk),
        (cache.forum(forum.pk),),
        lambda: list(queries.pending_topics_of(user, forum).values("pk", "slug", "subject")[:20]),
    )


# --- forums and topics ------------------------------------------------------------------------


def forum(pk: int):
    """The forum `pk` (404 if there is none), kept until it is next saved."""
    return generations.cached(
        ("forums-forum", pk), (cache.forum(pk),), lambda: get_object_or_404(Forum, pk=pk)
    )


def topic(pk: int):
    """The topic `pk` with its forum and the discussion it was opened for, if any (404 if there
    is none), kept until the topic or its forum is next saved. Whether the reader may see it is
    for the caller to decide, as with any read."""
    found = generations.cached(
        ("forums-topic", pk),
        (cache.topic(pk),),
        lambda: get_object_or_404(queries.topics_with_discussion(), pk=pk),
    )
    found.forum = forum(found.forum_id)
    return found


def index_forums(forum_ids) -> list:
    """The forums `forum_ids` with their last post and its author, in the order of machina's
    forum tree, each kept until it is next saved (a topic or a post in it saves it) or members'
    identities change."""

    forums = generations.cached_each(
        ("forums-index-forum",),
        forum_ids,
        lambda pk: (cache.forum(pk), cache.IDENTITIES),
        lambda missing: queries.index_forums(missing).in_bulk(),
    )
    return sorted(forums.values(), key=lambda f: (f.tree_id, f.lft))


# --- the topic page -------------------------------------------------------------------------

# What the topic page reads of each post for the reader-dependent parts; the rest of each post
# is read only when its markup is not kept (PostRow.full).
POST_FIELDS = (
    "id",
    "topic_id",
    "poster_id",
    "approved",
    "created",
    "updated",
    "updates_count",
    "update_reason",
)


class _PostsInFull:
    """The page's posts with their authors, identities and attachments, read on first use (in
    two queries), only when the markup of one of them is not kept."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    @cached_property
    def by_id(self) -> dict:
        posts = list(queries.posts_to_render(self.ids))
        identities.decorate(posts)
        return {post.pk: post for post in posts}


@dataclass
class PostRow:
    """What the topic page knows of a post on each request (POST_FIELDS and its topic): enough
    for machina's permission handler to answer about editing and deleting it; `full` is the
    whole post, for rendering what every reader sees of it."""

    id: int
    topic_id: int
    poster_id: int | None
    approved: bool
    created: object
    updated: object
    updates_count: int
    update_reason: str | None
    topic: object
    in_full: _PostsInFull = field(repr=False)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def full(self):
        return self.in_full.by_id[self.id]


def post_page(topic, user, posts: Callable, number: int, per_page: int) -> Page:
    """Page `number` of the posts this reader sees in `topic` (`posts()` returns them, the
    approved ones and the reader's own awaiting approval), with only POST_FIELDS loaded; kept
    for this reader until the topic changes. Raises Http404 for a page that does not exist."""

    def load():
        paginator = Paginator(posts().only(*POST_FIELDS), per_page)
        try:
            loaded = list(paginator.page(number).object_list)
        except InvalidPage as error:
            raise Http404("No such page of posts.") from error
        return paginator.count, [
            {name: getattr(post, name) for name in POST_FIELDS} for post in loaded
        ]

    count, rows = generations.cached(
        ("forums-posts", topic.pk, user.pk, number, per_page), (cache.topic(topic.pk),), load
    )
    page = Paginator(range(count), per_page).page(number)
    in_full = _PostsInFull([row["id"] for row in rows])
    page.object_list = [PostRow(topic=topic, in_full=in_full, **row) for row in rows]
    return page


# --- the topic list ----------------------------------------------------------------------------


@dataclass(eq=False)  # hashed by identity: machina's unread check puts rows in a set
class TopicRow:
    """One topic of a forum's list, as plain values: what the row shows and what machina's
    unread check needs."""

    id: int
    slug: str
    forum_id: int
    forum_slug: str
    subject: str
    poster_name: str
    is_sticky: bool
    is_locked: bool
    replies: int
    created: object
    last_post_on: object
    last_poster_name: str | None  # None: no post yet
    unread: bool = False

    @property
    def pk(self) -> int:
        return self.id


@dataclass
class TopicListPage:
    topics: list[TopicRow]
    announces: list[TopicRow]
    page: Page


def topic_list_page(forum, number: int, per_page: int) -> TopicListPage:
    """Page `number` of `forum`'s approved topics (and its announcements), as machina's forum
    view lists them, kept until the forum's topics or members' identities change.

    Raises Http404 for a page that does not exist."""
    count, topics, announces = generations.cached(
        ("forums-topics", forum.pk, number, per_page),
        (cache.forum(forum.pk), cache.IDENTITIES),
        lambda: _read_topic_list(forum, number, per_page),
    )
    # The count is kept with the rows: the paginator only does arithmetic on it.
    return TopicListPage(
        topics=[TopicRow(**row) for row in topics],
        announces=[TopicRow(**row) for row in announces],
        page=Paginator(range(count), per_page).page(number),
    )


def _read_topic_list(forum, number: int, per_page: int):
    paginator = Paginator(queries.listed_topics(forum), per_page)
    try:
        topics = list(paginator.page(number).object_list)
    except InvalidPage as error:
        raise Http404("No such page of topics.") from error
    announces = list(queries.announcements(forum))
    return paginator.count, [_row(t) for t in topics], [_row(t) for t in announces]


def _name(user) -> str:
    return (user.get_full_name() if user else "") or "a member"


def _row(topic) -> dict:
    last = topic.last_post
    return {
        "id": topic.pk,
        "slug": topic.slug,
        "forum_id": topic.forum_id,
        "forum_slug": topic.forum.slug,
        "subject": topic.subject,
        "poster_name": _name(topic.poster),
        "is_sticky": topic.is_sticky,
        "is_locked": topic.is_locked,
        "replies": topic.posts_count - 1,
        "created": topic.created,
        "last_post_on": topic.last_post_on,
        "last_poster_name": _name(last.poster) if last else None,
    }


def mark_unread(request, forum, listing: TopicListPage) -> None:
    """Set `unread` on the rows this reader has not read (machina's rule), kept for this reader
    until the forum's topics change or they read something."""
    user = request.user
    if not user.is_authenticated:
        return
    rows = listing.announces + listing.topics
    page = listing.page
    TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
    unread = generations.cached(
        ("forums-unread", forum.pk, page.number, page.paginator.per_page, user.pk),
        (cache.forum(forum.pk), cache.reads(user.pk)),
        lambda: [row.id for row in TrackingHandler(request).get_unread_topics(rows, user)],
    )
    for row in rows:
        row.unread = row.id in unread
