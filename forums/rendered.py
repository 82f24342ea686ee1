"""What the community pages show every reader alike, read or rendered once and cached
(forums.fragments says when each entry is retired): forums and topics, a page of a forum's topic
list, each post's markup.

What depends on the reader (which forums they see, unread marks, their own posts awaiting
approval, edit and delete links, the report form with its CSRF token, relative times) is worked
out on every request; the few entries about one reader carry their id in the key. Markup is
rendered without a request, so nothing of the reader who happened to fill an entry ends up
inside it.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from machina.core.db.models import get_model
from machina.core.loading import get_class

from forums import fragments, identities, queries
from forums.forms import ReportForm
from forums.models import PostReport

Forum = get_model("forum", "Forum")
TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")

# What the topic page reads of each post for the reader-dependent parts; the rest of each post
# is rendered and cached by post_pieces.
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


def ago(moment: datetime | None) -> str:
    """How long ago `moment` was, as Django's naturaltime says it of the past ("now", "a minute
    ago", "3 hours ago", "2 days ago"), without its translation machinery (the pages are in
    English and a list of topics says it on every row). A week or more ago: the date."""
    if moment is None:
        return ""
    seconds = int((timezone.now() - moment).total_seconds())
    if seconds < 1:
        return "now"
    if seconds < 60:
        return _ago(seconds, "second")
    minutes = seconds // 60
    if minutes < 60:
        return _ago(minutes, "minute")
    hours = minutes // 60
    if hours < 24:
        return _ago(hours, "hour")
    if hours < 24 * 7:
        return _ago(hours // 24, "day")
    return date_format(timezone.localtime(moment), "j M Y")


def _ago(count: int, unit: str) -> str:
    if count == 1:
        return f"{'an' if unit == 'hour' else 'a'} {unit} ago"
    return f"{count} {unit}s ago"


def page_number(view, last_page: Callable[[], int]) -> int:
    """The page a list view was asked for, read as Django's ListView reads it ("last" counts the
    pages with `last_page()`); anything else is a 404."""
    requested = view.kwargs.get(view.page_kwarg) or view.request.GET.get(view.page_kwarg) or 1
    if requested == "last":
        return last_page()
    try:
        number = int(requested)
    except (TypeError, ValueError):
        raise Http404("No such page.") from None
    if number < 1:
        raise Http404("No such page.")
    return number


def _locale() -> tuple[str, str]:
    # Dates are formatted for the active language and time zone: part of every key.
    return translation.get_language() or "", timezone.get_current_timezone_name()


# --- forums and topics ------------------------------------------------------------------------


def forum(pk: int):
    """The forum `pk` (404 if there is none), kept until it is next saved."""
    (token,) = fragments.tokens(f"forum:{pk}")
    entry_key = fragments.key("forum", pk, token)
    found = fragments.fetch(entry_key)
    if found is None:
        found = get_object_or_404(Forum, pk=pk)
        fragments.store(entry_key, found)
    return found


def topic(pk: int):
    """The topic `pk` with its forum and the discussion it was opened for, if any (404 if there
    is none), kept until the topic or its forum is next saved. Whether the reader may see it is
    for the caller to decide, as with any read."""
    (token,) = fragments.tokens(f"topic:{pk}")
    entry_key = fragments.key("topic", pk, token)
    found = fragments.fetch(entry_key)
    if found is None:
        found = get_object_or_404(queries.topics_with_discussion(), pk=pk)
        fragments.store(entry_key, found)
    found.forum = forum(found.forum_id)
    return found


def index_forums(forum_ids) -> list:
    """The forums `forum_ids` with their last post and its author, in the order of machina's
    forum tree, each kept until it is next saved (a topic or a post in it saves it) or members'
    identities change."""
    tokens = fragments.tokens(*(f"forum:{pk}" for pk in forum_ids), "identities")
    identities_token = tokens.pop()
    keys = {
        pk: fragments.key("index-forum", pk, token, identities_token)
        for pk, token in zip(forum_ids, tokens, strict=True)
    }
    found = fragments.fetch_many(keys.values())
    forums = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in forums]
    if missing:
        loaded = {f.pk: f for f in queries.index_forums(missing)}
        fragments.store_many({keys[pk]: f for pk, f in loaded.items()})
        forums.update(loaded)
    return sorted(forums.values(), key=lambda f: (f.tree_id, f.lft))


# --- the topic page -------------------------------------------------------------------------


def post_page(topic, user, posts: Callable, number: int, per_page: int) -> Page:
    """Page `number` of the posts this reader sees in `topic` (`posts()` returns them, the
    approved ones and the reader's own awaiting approval), with only POST_FIELDS loaded; kept
    for this reader until the topic changes. Raises Http404 for a page that does not exist."""
    (topic_token,) = fragments.tokens(f"topic:{topic.pk}")
    entry_key = fragments.key("posts", topic.pk, user.pk, number, per_page, topic_token)
    entry = fragments.fetch(entry_key)
    if entry is None:
        paginator = Paginator(posts().only(*POST_FIELDS), per_page)
        try:
            loaded = list(paginator.page(number).object_list)
        except InvalidPage as error:
            raise Http404("No such page of posts.") from error
        rows = [{name: getattr(post, name) for name in POST_FIELDS} for post in loaded]
        entry = (paginator.count, rows)
        fragments.store(entry_key, entry)
    count, rows = entry
    page = Paginator(range(count), per_page).page(number)
    page.object_list = [PostRow(topic=topic, **row) for row in rows]
    return page


@dataclass
class PostRow:
    """What the topic page knows of a post on each request (POST_FIELDS and its topic): enough
    for machina's permission handler to answer about editing and deleting it."""

    id: int
    topic_id: int
    poster_id: int | None
    approved: bool
    created: object
    updated: object
    updates_count: int
    update_reason: str | None
    topic: object

    @property
    def pk(self) -> int:
        return self.id


def post_pieces(topic, posts) -> dict[int, dict[str, SafeString]]:
    """For each post of the page: its <article>'s `attrs`, its `body` (author, date, message,
    attachments), the URL its report form posts to and the form's fields, rendered once per
    version of the topic and of members' identities.

    The page's posts are one entry, named by their ids (so a reader who sees their own post
    awaiting approval gets an entry of their own). On a miss they are read again in full (with
    their authors and attachments) in one query, and one for the identities."""
    topic_token, identities_token = fragments.tokens(f"topic:{topic.pk}", "identities")
    ids = [post.pk for post in posts]
    which = hashlib.blake2b(repr(ids).encode(), digest_size=8).hexdigest()
    entry_key = fragments.key(
        "posts-html", topic.pk, which, topic_token, identities_token, *_locale()
    )
    pieces = fragments.fetch(entry_key)
    if pieces is None:
        pieces = _render_posts(ids)
        fragments.store(entry_key, pieces)
    # Stored as plain strings (any cache backend pickles them alike); all of it is our own
    # template output, with members' content escaped or sanitised there.
    return {
        pk: {name: mark_safe(html) for name, html in value.items()}  # noqa: S308
        for pk, value in pieces.items()
    }


def _render_posts(pks: list[int]) -> dict[int, dict[str, str]]:
    posts = list(queries.posts_to_render(pks))
    identities.decorate(posts)
    report = {"report_form": ReportForm(), "reasons": PostReport.Reason.choices}
    return {
        post.pk: {
            "attrs": str(render_to_string("forums/post_attrs.html", {"post": post})).strip(),
            "body": str(render_to_string("forums/post_body.html", {"post": post})),
            "report_url": reverse("forums:report_post", args=[post.pk]),
            "report_fields": str(
                render_to_string("forums/post_report_fields.html", {"post": post, **report})
            ),
        }
        for post in posts
    }


# --- the topic list ----------------------------------------------------------------------------


@dataclass(eq=False)  # hashed by identity: machina's unread check puts rows in a set
class TopicRow:
    """One topic of a forum's list: what the unread check needs, and its markup read and unread.

    `main` and `main_unread` hold the subject, chips, author and reply count; `last_by` names
    the last poster. `html` puts them together for the reader."""

    id: int
    forum_id: int
    created: object
    last_post_on: object
    main: str
    main_unread: str
    last_by: str
    last_iso: str
    unread: bool = False

    @property
    def html(self) -> SafeString:
        """The row as this reader sees it: the cached markup, read or unread, and how long ago
        the last post was (the one part that changes by itself)."""
        last = ""
        if self.last_by:
            when = ago(self.last_post_on)
            last = format_html('{}<time datetime="{}">{}</time>', self.last_by, self.last_iso, when)
        return format_html(
            '<li class="topic-row{}">{}<p class="topic-row__last">{}</p></li>',
            " topic-row--unread" if self.unread else "",
            self.main_unread if self.unread else self.main,
            last,
        )

    def safe(self) -> "TopicRow":
        self.main, self.main_unread, self.last_by = (
            mark_safe(self.main),  # noqa: S308 - our template output, members' text escaped
            mark_safe(self.main_unread),  # noqa: S308 - as above
            mark_safe(self.last_by),  # noqa: S308 - as above
        )
        return self


@dataclass
class TopicListPage:
    topics: list[TopicRow]
    announces: list[TopicRow]
    page: Page


def topic_list_page(forum, number: int, per_page: int) -> TopicListPage:
    """Page `number` of `forum`'s approved topics (and its announcements), as machina's forum
    view lists them, rendered once per version of the forum and of members' identities.

    Raises Http404 for a page that does not exist."""
    forum_token, identities_token = fragments.tokens(f"forum:{forum.pk}", "identities")
    entry_key = fragments.key(
        "topics", forum.pk, number, per_page, forum_token, identities_token, *_locale()
    )
    entry = fragments.fetch(entry_key)
    if entry is None:
        entry = _render_topic_list(forum, number, per_page)
        fragments.store(entry_key, entry)
    count, topics, announces = entry
    # The count is cached with the rows: the paginator only does arithmetic on it.
    paginator = Paginator(range(count), per_page)
    return TopicListPage(
        topics=[TopicRow(**row).safe() for row in topics],
        announces=[TopicRow(**row).safe() for row in announces],
        page=paginator.page(number),
    )


def _render_topic_list(forum, number: int, per_page: int):
    paginator = Paginator(queries.listed_topics(forum), per_page)
    try:
        topics = list(paginator.page(number).object_list)
    except InvalidPage as error:
        raise Http404("No such page of topics.") from error
    announces = list(queries.announcements(forum))
    return (paginator.count, [_row(t) for t in topics], [_row(t) for t in announces])


def _row(topic) -> dict:
    last = topic.last_post
    return {
        "id": topic.pk,
        "forum_id": topic.forum_id,
        "created": topic.created,
        "last_post_on": topic.last_post_on,
        "last_iso": topic.last_post_on.isoformat() if topic.last_post_on else "",
        "main": str(render_to_string("forums/topic_row.html", {"topic": topic, "unread": False})),
        "main_unread": str(
            render_to_string("forums/topic_row.html", {"topic": topic, "unread": True})
        ),
        "last_by": str(
            render_to_string("forums/topic_row_last_by.html", {"last": last}) if last else ""
        ),
    }


def mark_unread(request, forum, listing: TopicListPage) -> None:
    """Set `unread` on the rows this reader has not read (machina's rule), kept for this reader
    until the forum's topics change or they read something."""
    user = request.user
    if not user.is_authenticated:
        return
    rows = listing.announces + listing.topics
    page = listing.page
    forum_token, reads_token = fragments.tokens(f"forum:{forum.pk}", f"reads:{user.pk}")
    entry_key = fragments.key(
        "unread", forum.pk, page.number, page.paginator.per_page, user.pk, forum_token, reads_token
    )
    unread = fragments.fetch(entry_key)
    if unread is None:
        unread = [row.id for row in TrackingHandler(request).get_unread_topics(rows, user)]
        fragments.store(entry_key, unread)
    for row in rows:
        row.unread = row.id in unread


def pending_topics(user, forum) -> list[dict]:
    """The reader's own topics in `forum` that wait for a moderator (only their author sees
    them), kept for this reader until the forum's topics change."""
    if not user.is_authenticated:
        return []
    (forum_token,) = fragments.tokens(f"forum:{forum.pk}")
    entry_key = fragments.key("pending", forum.pk, user.pk, forum_token)
    topics = fragments.fetch(entry_key)
    if topics is None:
        topics = list(queries.pending_topics_of(user, forum).values("pk", "slug", "subject")[:20])
        fragments.store(entry_key, topics)
    return topics
