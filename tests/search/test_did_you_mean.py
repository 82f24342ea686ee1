"""A misspelt search shows the corrected words' results at once, says so, and links to a search
for exactly what was typed; corrections never reach past what the reader may open."""

from django.urls import reverse

import pytest

from content.models import Audience
from search.models import SearchDocument
from search.service import search_for
from tests.content.factories import add_item
from tests.forums.helpers import topic_in

URL = reverse("search:results")


@pytest.fixture
def portal(index, library, mentee, questions):
    _, section = library
    add_item(
        section, title="Winning over a sceptical board", competencies=["stakeholder-influence"]
    )
    add_item(section, title="Stakeholder interviews in your first 90 days")
    add_item(section, title="Confidential restructuring plan", audience=Audience.MENTORS)
    topic_in(questions, mentee, "Mapping stakeholders in a matrix organisation")
    index()


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_misspelt_query_shows_the_corrected_results(client, mentee, portal):
    page = get(client, mentee, q="stakeholdr")
    assert "Showing results for" in page and "stakeholder" in page
    assert "Stakeholder interviews in your first 90 days" in page
    assert "Winning over a sceptical board" in page
    assert "3 results" in page
    assert "Did you mean" not in page


def test_the_corrected_page_links_to_a_search_for_exactly_the_words_typed(client, mentee, portal):
    page = get(client, mentee, q="stakeholdr")
    assert "Search instead for" in page
    assert 'href="?q=stakeholdr&amp;exact=1"' in page


def test_searching_exactly_the_words_typed_finds_nothing_and_offers_the_correction(
    client, mentee, portal
):
    page = get(client, mentee, q="stakeholdr", exact="1")
    assert "Showing results for" not in page
    assert "No results you can open" in page
    assert "Did you mean" in page and 'href="?q=stakeholder"' in page


def test_a_correction_keeps_the_chosen_filters(client, mentee, portal):
    page = get(client, mentee, q="stakeholdr", type="Discussion")
    assert "Showing results for" in page
    assert "Mapping stakeholders in a matrix organisation" in page
    assert "Winning over a sceptical board" not in page
    assert 'href="?q=stakeholdr&amp;type=Discussion&amp;exact=1"' in page


def test_pages_and_filters_of_corrected_results_follow_the_correction(client, mentee, portal):
    page = get(client, mentee, q="stakeholdr")
    assert 'href="?q=stakeholder&amp;type=Discussion"' in page


def test_a_query_with_results_is_left_alone(mentee, portal):
    outcome = search_for(mentee, "stakeholder")
    assert outcome.corrected_from == ""
    assert outcome.query == "stakeholder"


def test_the_service_says_what_it_corrected(mentee, portal):
    outcome = search_for(mentee, "stakeholdr")
    assert (outcome.query, outcome.corrected_from) == ("stakeholder", "stakeholdr")
    assert outcome.results.total == 3
    assert search_for(mentee, "stakeholdr", exact=True).results.total == 0


def test_a_correction_is_never_made_towards_what_the_reader_cannot_open(mentee, mentor, portal):
    assert search_for(mentee, "restructurin").corrected_from == ""
    assert search_for(mentee, "restructurin").results.total == 0
    outcome = search_for(mentor, "restructurin")
    assert outcome.corrected_from == "restructurin"
    assert [hit.title for hit in outcome.results.hits] == ["Confidential restructuring plan"]


def test_a_corrected_page_costs_one_more_search_and_no_other_query(client, mentee, portal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mentee)
    page_queries, searches = [], []
    for words in ("stakeholder", "stakeholdr"):
        client.get(URL, {"q": words})  # warm caches alike
        with CaptureQueriesContext(connection) as context:
            client.get(URL, {"q": words})
        # The PostgreSQL engine's own statements (one per search) are not the page's queries.
        engine = [q for q in context.captured_queries if SearchDocument._meta.db_table in q["sql"]]
        page_queries.append(len(context.captured_queries) - len(engine))
        searches.append(len(engine))
    assert page_queries[0] == page_queries[1]
    if connection.vendor == "postgresql" and searches[0]:
        assert searches == [1, 2]
