"""What every engine must answer alike, asked of each engine directly with hand-made documents:
competency tags are searchable words, a topic's posts are one result, a lead line heads the
snippet, and none of it reaches past the reader's scope.

Whoosh runs everywhere; PostgreSQL only when the suite runs on it (DATABASE_URL=postgres://…).
The Elasticsearch engine has no cluster here: tests/search/test_elasticsearch_engine.py checks
the requests it sends for the same rules."""

import re

from django.db import connection

import pytest

from search.documents import Document
from search.engines.base import SearchQuery
from search.engines.postgres import PostgresEngine
from search.engines.whoosh import WhooshEngine

OPEN, CLOSED = "forum:1", "forum:2"


def post(pk, topic, body, access=OPEN, title=None, community="Questions & answers"):
    return Document(
        key=f"post:{pk}",
        kind="post",
        type_label="Discussion",
        title=title or f"Topic {topic}",
        body=body,
        url=f"/forum/t/{topic}/?post={pk}#{pk}",
        access=access,
        community=community,
        group=f"topic:{topic}",
    )


def item(pk, title, body, competencies=(), type_label="Case study"):
    return Document(
        key=f"page:{pk}",
        kind="page",
        type_label=type_label,
        title=title,
        body=body,
        url=f"/library/{pk}/",
        access=f"page:{pk}",
        competencies=tuple(competencies),
    )


def mentor(pk, name, lead, body, competencies=()):
    return Document(
        key=f"mentor:{pk}",
        kind="mentor",
        type_label="Mentor",
        title=name,
        lead=lead,
        body=body,
        url=f"/mentors/{pk}/",
        access=f"mentor:{pk}",
        competencies=tuple(competencies),
    )


FILLER = (
    "The quarter closed late because the audit team asked for three more reconciliations, "
    "and the plant managers argued about the freight budget for most of the review. "
)
DOCUMENTS = [
    # One topic, four posts about agendas; the third says it most.
    post(1, 10, "I set an agenda the night before."),
    post(2, 10, "An agenda helps, but only a short one."),
    post(3, 10, "The agenda, always the agenda: write the agenda together, share it early."),
    post(4, 10, "No agenda for me; I just listen."),
    # Another topic with one matching post.
    post(5, 11, "Our agenda slipped again this week."),
    post(6, 11, "Nothing to do with it."),
    item(20, "Two plants, one budget", "A new COO inherits two plants.", ["Stakeholder influence"]),
    item(21, "Closing the quarter", FILLER * 3 + "Keep one stakeholder informed. " + FILLER * 3),
    item(22, "Reading a balance sheet", "Assets and liabilities.", ["Financial acumen"]),
    mentor(
        30,
        "Hana Sato",
        "Head of Finance · Industrial Solutions — Strengths: Stakeholder influence, "
        "Coaching others",
        "Functions: Finance.\nI coach leaders in regulated industries.",
        ["Coaching others", "Stakeholder influence"],
    ),
]
EVERYTHING = frozenset({OPEN, "page:20", "page:21", "page:22", "mentor:30"})


@pytest.fixture(params=["whoosh", pytest.param("postgres", marks=pytest.mark.django_db)])
def engine(request, tmp_path):
    if request.param == "postgres":
        if connection.vendor != "postgresql":
            pytest.skip("the PostgreSQL engine needs PostgreSQL (DATABASE_URL=postgres://…)")
        engine = PostgresEngine()
    else:
        engine = WhooshEngine(tmp_path / "portal")
    engine.rebuild(DOCUMENTS)
    return engine


def search(engine, text, scope=EVERYTHING, **options):
    return engine.search(SearchQuery(text=text, scope=scope, **options))


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --- competency tags ----------------------------------------------------------------------------


def test_a_competency_tag_is_a_searchable_word(engine):
    keys = [hit.key for hit in search(engine, "stakeholder").hits]
    assert "page:20" in keys  # tagged; its text never says the word
    assert "page:22" not in keys


def test_the_whole_competency_name_finds_what_it_tags(engine):
    keys = {hit.key for hit in search(engine, '"stakeholder influence"').hits}
    assert keys == {"page:20", "mentor:30"}


def test_a_tag_counts_for_more_than_a_word_in_passing(engine):
    keys = [hit.key for hit in search(engine, "stakeholder").hits if hit.kind == "page"]
    assert keys == ["page:20", "page:21"]


# --- a topic's posts are one result -------------------------------------------------------------


def test_a_topics_matching_posts_are_one_result_with_the_best_posts_snippet(engine):
    results = search(engine, "agenda", scope=frozenset({OPEN}))
    assert [hit.title for hit in results.hits] == ["Topic 10", "Topic 11"]
    assert results.total == 2
    best = results.hits[0]
    assert best.key == "post:3" and best.url.endswith("#3")
    assert "write the" in plain(best.snippet)
    assert (best.matches, results.hits[1].matches) == (4, 1)


def test_facets_count_a_topic_once(engine):
    results = search(engine, "agenda", scope=frozenset({OPEN}))
    assert results.facets["type"] == [("Discussion", 2)]
    assert results.facets["community"] == [("Questions & answers", 2)]


def test_pages_are_pages_of_topics(engine):
    first = search(engine, "agenda", scope=frozenset({OPEN}), per_page=1)
    second = search(engine, "agenda", scope=frozenset({OPEN}), per_page=1, page=2)
    third = search(engine, "agenda", scope=frozenset({OPEN}), per_page=1, page=3)
    assert (first.total, second.total) == (2, 2)
    assert [hit.title for hit in first.hits + second.hits] == ["Topic 10", "Topic 11"]
    assert third.hits == []


def test_grouping_never_shows_a_post_outside_the_scope(engine):
    # A topic caught half-way through a move: two of its posts still carry the old forum.
    engine.apply(
        [
            post(40, 50, "Reorg agenda agenda agenda, the confidential version.", access=CLOSED),
            post(41, 50, "Reorg agenda, the open version.", access=OPEN),
            post(42, 50, "Reorg agenda agenda: also confidential.", access=CLOSED),
        ],
        [],
    )
    results = search(engine, "reorg", scope=frozenset({OPEN}))
    assert [(hit.key, hit.matches) for hit in results.hits] == [("post:41", 1)]
    assert results.total == 1
    assert "confidential" not in plain(results.hits[0].snippet)
    inside = search(engine, "reorg", scope=frozenset({OPEN, CLOSED}))
    assert [(hit.title, hit.matches) for hit in inside.hits] == [("Topic 50", 3)]
    assert inside.total == 1


# --- snippets -----------------------------------------------------------------------------------


def test_a_lead_heads_the_snippet_with_its_matched_words_marked(engine):
    (hit,) = search(engine, "solutions").hits
    assert plain(hit.snippet) == (
        "Head of Finance · Industrial Solutions — Strengths: Stakeholder influence, Coaching others"
    )
    assert re.search(r"<mark[^>]*>Solutions</mark>", hit.snippet)


def test_a_match_in_the_body_follows_the_lead(engine):
    (hit,) = search(engine, "regulated").hits
    text = plain(hit.snippet)
    assert text.startswith("Head of Finance · Industrial Solutions — Strengths:")
    assert "regulated industries" in text
    assert re.search(r"<mark[^>]*>regulated</mark>", hit.snippet)


def test_markup_in_a_lead_or_a_body_comes_back_escaped(engine):
    engine.apply(
        [
            mentor(
                31,
                "Ola <b>Bold</b>",
                "<b>Chief</b> & Co — Strengths: Negotiation",
                "<img src=x onerror=alert(1)> negotiation tactics",
                ["Negotiation"],
            )
        ],
        [],
    )
    (hit,) = search(engine, "negotiation", scope=EVERYTHING | {"mentor:31"}).hits
    tags = set(re.findall(r"</?([a-z]+)", hit.snippet))
    assert tags == {"mark"}
    assert "&lt;b&gt;Chief&lt;/b&gt; &amp; Co" in hit.snippet
    assert "onerror=alert(1)&gt;" in hit.snippet and "<img" not in hit.snippet


# --- did you mean -------------------------------------------------------------------------------


def test_a_misspelt_word_gets_the_closest_word_of_what_the_reader_may_open(engine):
    assert search(engine, "stakeholdr").suggestion == "stakeholder"
    assert search(engine, '"agnda" -quarter', scope=frozenset({OPEN})).suggestion == (
        '"agenda" -quarter'
    )


def test_a_word_found_only_outside_the_scope_is_never_suggested(engine):
    engine.apply([post(50, 60, "Confidential restructuring memo.", access=CLOSED)], [])
    assert search(engine, "restructurin", scope=frozenset({OPEN})).suggestion == ""
    assert search(engine, "restructurin", scope=frozenset({CLOSED})).suggestion == "restructuring"


def test_a_search_with_enough_results_gets_no_suggestion(engine):
    assert search(engine, "agenda OR budget OR stakeholdr").total == 4
    assert search(engine, "agenda OR budget OR stakeholdr").suggestion == ""


def test_whoosh_reads_each_segments_groups_once(tmp_path, monkeypatch):
    from whoosh.reading import SegmentReader

    engine = WhooshEngine(tmp_path / "portal")
    engine.rebuild([post(n, n // 10, f"Budget note {n}") for n in range(1, 1001)])
    reads = []
    column_reader = SegmentReader.column_reader

    def counted(reader, fieldname, *args, **kwargs):
        if fieldname == "group_key":
            reads.append(reader.doc_count_all())
        return column_reader(reader, fieldname, *args, **kwargs)

    monkeypatch.setattr(SegmentReader, "column_reader", counted)
    assert search(engine, "budget", scope=frozenset({OPEN})).total == 101
    engine.apply([post(2001, 5, "Budget reply")], [])  # a commit: one small new segment
    assert search(engine, "budget", scope=frozenset({OPEN})).total == 101
    assert reads == [1000, 1]  # the large segment was not read again
