"""Competency tags are words of what they tag: searching a competency finds the library items,
stories and mentors tagged with it, even when their own text never says the word."""

from django.urls import reverse

import pytest

from content.models import SuccessStoryPage
from search.service import search_for
from tests.content.factories import add_item
from tests.factories import MentorProfileFactory


@pytest.fixture
def tagged(index, library):
    _, section = library
    add_item(section, title="Two plants, one budget", competencies=["stakeholder-influence"])
    add_item(
        section,
        SuccessStoryPage,
        title="A pair that should not have worked",
        competencies=["stakeholder-influence"],
    )
    add_item(section, title="Reading a balance sheet", competencies=["financial-acumen"])
    MentorProfileFactory(
        user__first_name="Hana",
        user__last_name="Sato",
        bio="Twenty years in plant operations.",
        strengths={"stakeholder-influence": 5},
    )
    index()


def titles(user, text):
    return [hit.title for hit in search_for(user, text).results.hits]


def test_a_competency_word_finds_the_library_items_tagged_with_it(mentee, tagged):
    found = titles(mentee, "stakeholder")
    assert "Two plants, one budget" in found
    assert "A pair that should not have worked" in found  # a success story
    assert "Hana Sato" in found
    assert "Reading a balance sheet" not in found


def test_the_competencys_full_name_finds_them_as_a_phrase(mentee, tagged):
    assert set(titles(mentee, '"stakeholder influence"')) == {
        "Two plants, one budget",
        "A pair that should not have worked",
        "Hana Sato",
    }


def test_the_results_page_shows_and_counts_the_tagged_items(client, mentee, tagged):
    client.force_login(mentee)
    page = client.get(reverse("search:results"), {"q": "stakeholder"}).content.decode()
    assert "Two plants, one budget" in page
    assert "3 results" in page
