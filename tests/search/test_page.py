"""The search page: one box, results from every kind, snippets, facets, pages, clear messages."""

from django.urls import reverse

import pytest

from search.service import MAX_QUERY_CHARACTERS
from tests.content.factories import add_item
from tests.factories import MentorProfileFactory
from tests.forums.helpers import topic_in

URL = reverse("search:results")


@pytest.fixture
def portal(index, library, mentee, questions):
    """A small portal: two library items, a discussion and a mentor, all about stakeholders."""
    _, section = library
    add_item(
        section,
        title="Winning over a sceptical board",
        competencies=["stakeholder-influence"],
        body=[("context", {"body": "<p>Stakeholder mapping before the board meeting.</p>"})],
    )
    add_item(section, title="Stakeholder interviews in your first 90 days")
    topic_in(questions, mentee, "Mapping stakeholders in a matrix organisation")
    MentorProfileFactory(
        user__first_name="Hana",
        user__last_name="Sato",
        bio="I coach leaders on stakeholder influence in regulated industries.",
        strengths={"stakeholder-influence": 5},
    )
    index()
    return section


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_one_search_finds_library_items_discussions_and_mentors(client, mentee, portal):
    page = get(client, mentee, q="stakeholders")
    assert "Winning over a sceptical board" in page
    assert "Mapping stakeholders in a matrix organisation" in page
    assert "Hana Sato" in page
    assert "4 results" in page
    assert "<mark" in page  # the matched words are highlighted


def test_facets_narrow_the_results_and_count_each_type(client, mentee, portal):
    page = get(client, mentee, q="stakeholders")
    assert "Case study" in page and "Discussion" in page and "Mentor" in page
    narrowed = get(client, mentee, q="stakeholders", type="Mentor")
    assert "Hana Sato" in narrowed
    assert "Winning over a sceptical board" not in narrowed
    assert "1 result" in narrowed
    assert "Any type" in narrowed  # the way back to every type


def test_a_user_typed_snippet_is_escaped(client, mentee, questions, index):
    topic_in(questions, mentee, "Escaping check")
    post = questions.forum.topics.get().posts.get()
    post.content = "Ask about <script>alert('x')</script> boundaries"
    post.save()
    index()
    page = get(client, mentee, q="alert boundaries")
    assert "<script>alert" not in page
    assert "&lt;script" in page


def test_pages_of_results(client, mentee, questions, index):
    for n in range(12):
        topic_in(questions, mentee, f"Offsite agenda idea {n}")
    index()
    first = get(client, mentee, q="offsite")
    assert "12 results · page 1 of 2" in first and 'rel="next"' in first
    second = get(client, mentee, q="offsite", page=2)
    assert "page 2 of 2" in second and 'rel="prev"' in second
    assert second.count('class="search-hit ') == 2


def test_phrases_and_not_work(client, mentee, portal):
    assert "Winning over a sceptical board" in get(client, mentee, q='"sceptical board"')
    assert "Winning over" not in get(client, mentee, q='"board sceptical"')
    page = get(client, mentee, q="stakeholders NOT board")
    assert "Winning over a sceptical board" not in page
    assert "Mapping stakeholders" in page


def test_stemming_finds_other_forms_of_a_word(client, mentee, portal):
    assert "Mapping stakeholders in a matrix organisation" in get(client, mentee, q="map")


def test_a_misspelling_gets_a_did_you_mean_when_searched_exactly(client, mentee, portal):
    page = get(client, mentee, q="stakeholdr", exact="1")
    assert "Did you mean" in page and "stakeholder" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, f"Shorten it to {MAX_QUERY_CHARACTERS} characters"),
        ("   ", "Type a word or two"),
        ("the and of", "too common to search on their own"),
    ],
)
def test_unsearchable_input_gets_a_clear_message_and_keeps_the_words(
    client, mentee, portal, query, message
):
    page = get(client, mentee, q=query)
    assert message in page
    if query.strip():
        assert f'value="{query[:50]}' in page  # what was typed is still in the box


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "board)",
        "(((",
        "AND OR NOT",
        "🚀 stakeholders",
        "Zürich Führung",
        "*",
        "-",
        "ÿ" * 200,
    ],
)
def test_odd_input_never_fails(client, mentee, portal, query):
    get(client, mentee, q=query)


def test_unicode_and_emoji_find_the_words_around_them(client, mentee, portal):
    assert "Hana Sato" in get(client, mentee, q="🚀 stakeholders")


def test_the_header_box_is_on_every_page_for_members(client, mentee, portal):
    client.force_login(mentee)
    page = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in page and 'role="search"' in page


def test_machina_forum_search_gives_the_portal_answers_for_discussions(client, mentee, portal):
    client.force_login(mentee)
    response = client.get(reverse("forum_search:search"), {"q": "stakeholders"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(URL)
    assert "Mapping stakeholders in a matrix organisation" in page
    assert "Hana Sato" not in page  # discussions only, as the forum's search promises


def test_the_results_page_runs_the_same_queries_however_much_matches(
    client, mentee, questions, index
):
    client.force_login(mentee)
    topic_in(questions, mentee, "Quarterly review prep")
    index()
    small = _counts(client)
    for n in range(30):
        topic_in(questions, mentee, f"Quarterly review prep {n}", posts=2)
        MentorProfileFactory(bio=f"Review coach {n}")
    index()
    large = _counts(client)
    assert large == small  # (with empty caches, with warm caches)
    # 31 discussions (61 posts) and 30 mentors
    assert "61 results" in client.get(URL, {"q": "review"}).content.decode()


def _counts(client) -> tuple[int, int]:
    """Queries of the results page with empty caches, then with warm ones."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for cache in caches.all():
        cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL, {"q": "review"}).status_code == 200
        counts.append(len(context.captured_queries))
    return tuple(counts)
