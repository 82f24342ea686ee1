"""What the portal search indexes: one flat document per library item, forum post and mentor.

Every engine (search/engines/) stores these documents and nothing else. A document names who may
see it by one `access` token (`page:<id>`, `forum:<id>`, `mentor:<id>`); search.access turns a
reader into the set of tokens they hold, with the same rules the pages use.

`load(keys)` reads the current state of the objects behind `keys`: an object that is gone or no
longer searchable (unpublished, unapproved, unlisted) comes back as None, and the engine deletes
its document. That makes every update idempotent: a late or repeated update writes the truth.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, TextChoices
from django.urls import reverse

from wagtail.search import index as wagtail_index

from machina.core.db.models import get_model

from content.models import LibraryPage
from portal.people.catalog.queries import organisation_label
from portal.people.models import Competency, Function, MentorProfile, MentorStrength

Post = get_model("forum_conversation", "Post")

PAGE, POST, MENTOR = "page", "post", "mentor"
KINDS = (PAGE, POST, MENTOR)
POST_TYPE_LABEL = "Discussion"
MENTOR_TYPE_LABEL = "Mentor"
BATCH = 2000  # rows per query when every document is read (rebuilds)

_MARKDOWN_PUNCTUATION = re.compile(r"[*_`#>\[\]]+|\]\([^)]*\)|^\s*[-+]\s+", re.MULTILINE)


@dataclass(frozen=True)
class Document:
    key: str  # "<kind>:<pk>", unique in the index
    kind: str
    type_label: str  # what the reader sees and filters by: "Case study", "Discussion", "Mentor"
    title: str
    body: str
    url: str
    access: str  # the one token a reader must hold
    # Searchable words too, weighted like the title: a tag is an editor's (or a mentor's) word
    # for what the item is about, even where its text never says it.
    competencies: tuple[str, ...] = ()
    community: str = ""
    date: datetime | None = None
    # A short line shown whole at the head of the snippet, its matched words marked (a mentor's
    # role, unit and strengths); searched like the body.
    lead: str = ""
    # Documents of one group are one result (a topic's posts: "topic:<id>"); empty: its own.
    # Every document of a group has the same type, community and competencies.
    group: str = ""

    @property
    def group_key(self) -> str:
        return self.group or self.key


def key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def split_key(value: str) -> tuple[str, int]:
    kind, _, pk = value.partition(":")
    return kind, int(pk)


# --- library items --------------------------------------------------------------------------------


def _page_text(page: LibraryPage) -> str:
    """The words of a page's own search fields, as text (rich text and StreamFields give their
    words, not their markup). Fields a page shows only later (a simulation's debrief, after a
    finished run) are named in `search_results_exclude` and left out: a snippet would show them."""
    parts = [page.summary]
    excluded = {"title", "summary", *getattr(page, "search_results_exclude", ())}
    for search_field in page.get_search_fields():
        if not isinstance(search_field, wagtail_index.SearchField):
            continue
        if search_field.field_name in excluded:
            continue
        model_field = page._meta.get_field(search_field.field_name)
        value = getattr(page, search_field.field_name, None)
        if value is None:
            continue
        if hasattr(model_field, "get_searchable_content"):
            parts.extend(str(text) for text in model_field.get_searchable_content(value))
        else:
            parts.append(str(value))
    return "\n".join(part for part in parts if part)


def _pages():
    return (
        LibraryPage.objects.live()
        .specific()
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.only("name")))
    )


def page_document(page: LibraryPage) -> Document:
    return Document(
        key=key(PAGE, page.pk),
        kind=PAGE,
        type_label=page.type_label,
        title=page.title,
        body=_page_text(page),
        url=page.get_url() or "",
        access=key(PAGE, page.pk),
        competencies=tuple(sorted(c.name for c in page.competencies.all())),
        date=page.last_published_at,
    )


# --- forum posts ----------------------------------------------------------------------------------


def plain_markdown(text: str) -> str:
    """Post source without markdown punctuation (snippets show words, not asterisks)."""
    return _MARKDOWN_PUNCTUATION.sub(" ", text or "")


def _posts():
    return (
        Post.objects.filter(approved=True, topic__approved=True)
        .select_related("topic__forum")
        .only(
            "pk",
            "subject",
            "content",
            "created",
            "updated",
            "topic__id",
            "topic__slug",
            "topic__subject",
            "topic__forum__id",
            "topic__forum__slug",
            "topic__forum__name",
        )
    )


def post_document(post) -> Document:
    topic = post.topic
    url = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    return Document(
        key=key(POST, post.pk),
        kind=POST,
        type_label=POST_TYPE_LABEL,
        title=topic.subject or post.subject,
        body=plain_markdown(post.content.raw if hasattr(post.content, "raw") else post.content),
        url=f"{url}?post={post.pk}#{post.pk}",
        access=f"forum:{topic.forum.pk}",
        community=topic.forum.name,
        date=post.updated or post.created,
        group=f"topic:{topic.pk}",
    )


# --- mentors --------------------------------------------------------------------------------------


def _mentors():
    return (
        MentorProfile.objects.listed()
        .select_related("user__profile__business_unit")
        .prefetch_related(
            Prefetch(
                "strengths",
                queryset=MentorStrength.objects.select_related("competency").only(
                    "mentor_id", "level", "competency__name"
                ),
            )
        )
    )


def _labels(choices: type[TextChoices], values: list[str]) -> list[str]:
    known = dict(choices.choices)
    return [known.get(value, value) for value in values]


def mentor_lead(job_title: str, organisation: str, strengths: list[str]) -> str:
    """Who the mentor is, then what they are strong in, as their catalog card shows them:
    "Head of Finance · Industrial Solutions — Strengths: Stakeholder influence, …"."""
    who = " · ".join(part for part in (job_title, organisation) if part)
    what = f"Strengths: {', '.join(strengths)}" if strengths else ""
    return " — ".join(part for part in (who, what) if part)


def mentor_document(mentor: MentorProfile) -> Document:
    user = mentor.user
    profile = getattr(user, "profile", None)
    strengths = [strength.competency.name for strength in mentor.strengths.all()]
    functions = _labels(Function, mentor.functions or [])
    industries = mentor.industries or []
    # Labelled sentences, one per line, so a snippet cut from them still says what it shows.
    body = "\n".join(
        part
        for part in [
            f"Functions: {', '.join(functions)}." if functions else "",
            f"Industries: {', '.join(industries)}." if industries else "",
            mentor.bio,
            f"Expected outcomes: {mentor.outcomes}" if mentor.outcomes else "",
        ]
        if part
    )
    return Document(
        key=key(MENTOR, mentor.pk),
        kind=MENTOR,
        type_label=MENTOR_TYPE_LABEL,
        title=user.get_full_name() or user.email,
        lead=mentor_lead(
            profile.job_title if profile else "", organisation_label(mentor, profile), strengths
        ),
        body=body,
        url=reverse("catalog:detail", kwargs={"pk": mentor.pk}),
        access=key(MENTOR, mentor.pk),
        competencies=tuple(sorted(strengths)),
    )


# --- reading the current state --------------------------------------------------------------------

_SOURCES = {
    PAGE: (_pages, page_document),
    POST: (_posts, post_document),
    MENTOR: (_mentors, mentor_document),
}


def load(keys: list[str]) -> dict[str, Document | None]:
    """The current document for each key; None where the object is gone or not searchable."""
    wanted: dict[str, list[int]] = {}
    for value in keys:
        kind, pk = split_key(value)
        if kind in _SOURCES:
            wanted.setdefault(kind, []).append(pk)
    found: dict[str, Document | None] = dict.fromkeys(keys)
    for kind, pks in wanted.items():
        queryset, build = _SOURCES[kind]
        for obj in queryset().filter(pk__in=pks):
            document = build(obj)
            found[document.key] = document
    return found


def every_document() -> Iterator[Document]:
    """Every searchable document, read in batches by primary key (for rebuilds)."""
    for queryset, build in _SOURCES.values():
        last = 0
        while True:
            batch = list(queryset().filter(pk__gt=last).order_by("pk")[:BATCH])
            if not batch:
                break
            for obj in batch:
                yield build(obj)
            last = batch[-1].pk
