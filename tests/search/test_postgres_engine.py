"""The PostgreSQL engine: the same answers as the Whoosh engine, from full-text search in the
portal's database. Most tests need PostgreSQL (DATABASE_URL=postgres://…) and skip on SQLite;
the engine's refusal to run on SQLite is tested there instead."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse

import pytest

from forums import services
from forums.models import Community
from search import tasks
from search.checks import check_search_engine
from search.documents import Document
from search.engines import get_engine
from search.engines.base import ONLY_COMMON_WORDS, SearchQuery
from search.engines.postgres import PostgresEngine, websearch_text
from search.service import search_for
from tests.forums.helpers import topic_in

POSTGRES_ENGINE = "search.engines.postgres.PostgresEngine"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search needs PostgreSQL"
)
not_on_postgresql = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="checks the refusal on another database"
)

OPEN, CLOSED = "forum:1", "forum:2"


def post(pk, title, body, access=OPEN, community="Questions & answers"):
    return Document(
        key=f"post:{pk}",
        kind="post",
        type_label="Discussion",
        title=title,
        body=body,
        url=f"/forum/t/{pk}/",
        access=access,
        community=community,
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


DOCUMENTS = [
    post(1, "Negotiating a first salary", "How I prepared for negotiating my pay."),
    post(2, "Confidential negotiation worries", "A mentee's negotiation stalled.", access=CLOSED),
    post(3, "Leading change in a merger", "We were leading change across two teams."),
    post(4, "Change that leads nowhere", "Change fatigue: the team leading it left."),
    item(5, "Negotiation playbook", "Open with interests, not positions.", ["Negotiation"]),
    item(
        6,
        "Stakeholder maps",
        "Mapping stakeholders before a negotiation.",
        ["Negotiation", "Influence"],
        type_label="Guide",
    ),
]
EVERYTHING_BUT_CLOSED = frozenset({OPEN, "page:5", "page:6"})


@pytest.fixture
def engine(db):
    engine = PostgresEngine()
    engine.rebuild(DOCUMENTS)
    return engine


def search(engine, text, scope=EVERYTHING_BUT_CLOSED, **options):
    return engine.search(SearchQuery(text=text, scope=scope, **options))


def keys(results):
    return {hit.key for hit in results.hits}


# --- permissions --------------------------------------------------------------------------------


@on_postgresql
def test_a_document_outside_the_scope_is_never_in_hits_total_or_facets(engine):
    results = search(engine, "negotiation")
    assert "post:2" not in keys(results)
    assert results.total == 3
    assert dict(results.facets["type"]) == {"Discussion": 1, "Case study": 1, "Guide": 1}
    assert dict(results.facets["community"]) == {"Questions & answers": 1}
    with_closed = search(engine, "negotiation", scope=EVERYTHING_BUT_CLOSED | {CLOSED})
    assert "post:2" in keys(with_closed)
    assert dict(with_closed.facets["type"])["Discussion"] == 2


@on_postgresql
def test_a_reader_with_no_scope_finds_nothing(engine):
    results = search(engine, "negotiation", scope=frozenset())
    assert (results.hits, results.total) == ([], 0)


@on_postgresql
def test_field_syntax_cannot_reach_the_access_token(engine):
    assert search(engine, "access:forum:2 negotiation").total == 0
    assert search(engine, "forum 2").total == 0


# --- facets -------------------------------------------------------------------------------------


@on_postgresql
def test_facets_count_every_allowed_match_most_frequent_first(engine):
    results = search(engine, "negotiation", per_page=1)
    assert len(results.hits) == 1
    assert results.facets["competency"] == [("Negotiation", 2), ("Influence", 1)]


@on_postgresql
def test_a_chosen_facet_narrows_hits_and_total(engine):
    results = search(engine, "negotiation", filters={"competency": "Influence"})
    assert keys(results) == {"page:6"}
    assert results.total == 1


@on_postgresql
def test_each_facet_is_counted_within_the_other_facets_choices(engine):
    results = search(engine, "negotiation", filters={"type": "Case study"})
    assert results.total == 1
    # The type facet ignores its own choice, so the reader can switch to another type...
    assert dict(results.facets["type"]) == {"Discussion": 1, "Case study": 1, "Guide": 1}
    # ...while the other facets count only case studies.
    assert results.facets["competency"] == [("Negotiation", 1)]
    assert results.facets["community"] == []


# --- query syntax and language ------------------------------------------------------------------


@on_postgresql
def test_a_quoted_phrase_needs_its_words_in_order(engine):
    assert keys(search(engine, '"leading change"')) == {"post:3"}
    assert keys(search(engine, "leading change")) == {"post:3", "post:4"}


@on_postgresql
@pytest.mark.parametrize("text", ["change -fatigue", "change NOT fatigue"])
def test_minus_or_not_leaves_a_word_out(engine, text):
    assert keys(search(engine, text)) == {"post:3"}


@on_postgresql
def test_or_widens(engine):
    assert keys(search(engine, "fatigue OR stakeholders")) == {"post:4", "page:6"}


@on_postgresql
def test_negotiating_finds_negotiation_and_back(engine):
    assert keys(search(engine, "negotiating")) == keys(search(engine, "negotiation"))
    assert {"post:1", "page:5"} <= keys(search(engine, "negotiating"))


@on_postgresql
def test_a_title_match_ranks_above_a_body_match(engine):
    results = search(engine, "negotiation", scope=frozenset({"page:5", "page:6"}))
    assert [hit.key for hit in results.hits] == ["page:5", "page:6"]


@on_postgresql
def test_pages_follow_one_another_and_keep_the_total(engine):
    first = search(engine, "negotiation", per_page=2)
    second = search(engine, "negotiation", per_page=2, page=2)
    assert (first.total, second.total) == (3, 3)
    assert (len(first.hits), len(second.hits)) == (2, 1)
    assert keys(first) | keys(second) == {"post:1", "page:5", "page:6"}


# --- snippets -----------------------------------------------------------------------------------


@on_postgresql
def test_snippets_mark_the_matched_words(engine):
    (hit,) = search(engine, "fatigue").hits
    assert "<mark>fatigue</mark>" in hit.snippet.lower()


@on_postgresql
def test_a_script_in_a_body_comes_back_escaped(db):
    engine = PostgresEngine()
    engine.rebuild(
        [post(1, "Tags", 'Look: <script>alert("x")</script> and <b>bold</b> negotiation & more')]
    )
    (hit,) = search(engine, "negotiation").hits
    assert "<script" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in hit.snippet
    assert "<mark>negotiation</mark> &amp; more" in hit.snippet


@on_postgresql
def test_marker_characters_in_a_body_cannot_forge_tags(db):
    engine = PostgresEngine()
    engine.rebuild([post(1, "Markers", "before \x02 negotiation \x03 after \x04")])
    (hit,) = search(engine, "negotiation").hits
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") == 1
    assert "&lt;" not in hit.snippet


@on_postgresql
def test_a_match_only_in_the_title_shows_the_start_of_the_body(engine):
    (hit,) = search(engine, "playbook").hits
    assert hit.snippet.startswith("Open with interests")


# --- bad input ----------------------------------------------------------------------------------


@on_postgresql
@pytest.mark.parametrize(
    "text",
    [
        '"leading change',
        'negotiation"',
        "((negotiation",
        "negotiation & | ! <-> :* ''",
        "-",
        "OR",
        "NOT",
        "nego\x00tiation",
        "négociation über straße",
        "x" * 200,
        ("negotiation " * 20)[:200],
    ],
)
def test_odd_input_never_raises_nor_widens_the_scope(engine, text):
    results = search(engine, text, scope=frozenset({OPEN}))
    assert results.total >= len(results.hits)
    assert all(hit.key in {"post:1", "post:3", "post:4"} for hit in results.hits)


@on_postgresql
def test_unbalanced_quotes_still_search(engine):
    assert keys(search(engine, '"leading change')) == {"post:3"}


@on_postgresql
@pytest.mark.parametrize("text", ["the and of", "🙂🙂", "!!! ??? ...", "to be or not to be"])
def test_words_with_nothing_to_search_say_so(engine, text):
    results = search(engine, text)
    assert results.notice == ONLY_COMMON_WORDS
    assert (results.hits, results.total) == ([], 0)


@on_postgresql
def test_a_long_query_of_real_words_searches(engine):
    text = " ".join(["negotiation"] * 16)
    assert len(text) > 190
    assert search(engine, text).total == 3


def test_not_becomes_minus_outside_quotes_only():
    assert websearch_text("change NOT fatigue") == "change -fatigue"
    assert websearch_text('"do NOT disturb" NOT  late') == '"do NOT disturb" -late'
    assert websearch_text("NOTE not NOT") == "NOTE not NOT"
    assert websearch_text("a\x00b") == "a b"


# --- writing ------------------------------------------------------------------------------------


@on_postgresql
def test_rebuild_replaces_every_document(engine):
    assert engine.keys() == {document.key for document in DOCUMENTS}
    assert engine.rebuild([DOCUMENTS[0]]) == 1
    assert engine.keys() == {"post:1"}


@on_postgresql
def test_apply_writes_replaces_and_deletes(engine):
    engine.apply(
        [post(1, "Renamed", "Now about mediation."), post(9, "New", "mediation")], ["post:3"]
    )
    assert engine.keys() == {document.key for document in DOCUMENTS} - {"post:3"} | {"post:9"}
    assert keys(search(engine, "mediation")) == {"post:1", "post:9"}
    assert search(engine, "salary").total == 0
    assert [hit.title for hit in search(engine, "renamed").hits] == ["Renamed"]


@on_postgresql
def test_the_index_is_reachable(engine):
    assert engine.is_reachable()


# --- configuration ------------------------------------------------------------------------------


@on_postgresql
def test_search_engine_setting_selects_the_postgres_engine(settings, db):
    settings.SEARCH_ENGINE = POSTGRES_ENGINE
    assert isinstance(get_engine(), PostgresEngine)
    assert check_search_engine() == []


@on_postgresql
def test_the_portal_search_answers_from_postgresql_with_the_readers_permissions(
    settings, client, mentee, mentor, indexed
):
    settings.SEARCH_ENGINE = POSTGRES_ENGINE
    mentors = services.community_for(Community.Kind.MENTORS)
    questions = services.community_for(Community.Kind.QUESTIONS)
    topic_in(mentors, mentor, "Confidential: succession worries")
    tasks.rebuild()
    with indexed():  # a post written later reaches the index through the usual update
        topic_in(questions, mentor, "Open: succession planning reading list")
    assert {hit.title for hit in search_for(mentee, "succession").results.hits} == {
        "Open: succession planning reading list"
    }
    assert search_for(mentor, "succession").results.total == 2
    client.force_login(mentee)
    page = client.get(reverse("search:results"), {"q": "succession"}).content.decode()
    assert "Open: succession planning reading list" in page
    assert "Confidential" not in page


@not_on_postgresql
def test_the_postgres_engine_refuses_another_database(db):
    with pytest.raises(ImproperlyConfigured, match="not PostgreSQL"):
        PostgresEngine()


@not_on_postgresql
def test_the_system_check_stops_the_postgres_engine_on_another_database(settings):
    settings.SEARCH_ENGINE = POSTGRES_ENGINE
    assert [error.id for error in check_search_engine()] == ["search.E003"]


@pytest.mark.parametrize(
    ("path", "error"),
    [("search.engines.nowhere.Engine", "search.E001"), ("search.tasks.rebuild", "search.E002")],
)
def test_the_system_check_names_a_search_engine_setting_that_cannot_work(settings, path, error):
    settings.SEARCH_ENGINE = path
    assert [message.id for message in check_search_engine()] == [error]
