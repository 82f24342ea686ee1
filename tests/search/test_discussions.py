"""A discussion is one result however many of its posts match: the topic's title, the best
post's snippet and link, and counts and pages of discussions, never of posts."""

from django.urls import reverse

import pytest

from portal.programmes.models import CohortMembership
from search.service import search_for
from tests.factories import UserFactory
from tests.forums.helpers import topic_in
from tests.programmes import factories as pf

URL = reverse("search:results")


def with_posts(topic, *contents):
    """Give the topic's posts these contents, in order; returns the posts."""
    posts = list(topic.posts.order_by("pk"))
    for post, content in zip(posts, contents, strict=True):
        post.content = content
        post.save()
    return posts


@pytest.fixture
def agenda_topic(index, mentee, questions):
    topic = topic_in(questions, mentee, "Preparing for a first session", posts=4)
    posts = with_posts(
        topic,
        "I set an agenda the night before.",
        "An agenda helps, but only a short one.",
        "The agenda, always the agenda: write the agenda together, share the agenda early.",
        "No agenda for me; I just listen.",
    )
    index()
    return posts


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_topic_with_four_matching_posts_is_one_result(client, mentee, agenda_topic):
    page = get(client, mentee, q="agenda")
    assert page.count("Preparing for a first session</a>") == 1
    assert "1 result" in page
    assert "4 matching posts" in page


def test_the_one_result_shows_and_links_to_the_best_matching_post(mentee, agenda_topic):
    best = agenda_topic[2]
    (hit,) = search_for(mentee, "agenda").results.hits
    assert hit.title == "Preparing for a first session"
    assert "write the" in hit.snippet
    assert hit.url.endswith(f"?post={best.pk}#{best.pk}")
    assert hit.matches == 4


def test_counts_and_pages_are_of_discussions(client, mentee, questions, index):
    for n in range(12):
        topic_in(questions, mentee, f"Offsite agenda idea {n}", posts=3)
    index()
    first = get(client, mentee, q="offsite")
    assert "12 results · page 1 of 2" in first
    assert first.count('class="search-hit ') == 10
    second = get(client, mentee, q="offsite", page=2)
    assert second.count('class="search-hit ') == 2
    shown = [f"Offsite agenda idea {n}</a>" for n in range(12)]
    assert all((first + second).count(title) == 1 for title in shown)
    results = search_for(mentee, "offsite").results
    assert results.facets["type"] == [("Discussion", 12)]
    assert results.facets["community"] == [("Questions & answers", 12)]


def test_a_reader_never_sees_a_discussion_they_may_not_read_after_grouping(
    client, index, mentee, questions
):
    cohort = pf.cohort(pf.cycle(pf.programme()), name="Operations")
    member = UserFactory(first_name="Lena", last_name="Voss")
    CohortMembership.objects.create(cohort=cohort, user=member)
    private = topic_in(cohort.community, member, "Plant consolidation worries", posts=4)
    with_posts(private, *[f"Plant closure note {n}: the numbers are bad." for n in range(4)])
    topic_in(questions, member, "Plant tours for new directors", posts=2)
    index()

    outsider = search_for(mentee, "plant").results
    assert [hit.title for hit in outsider.hits] == ["Plant tours for new directors"]
    assert outsider.total == 1
    assert outsider.facets["community"] == [("Questions & answers", 1)]
    assert outsider.hits[0].matches == 2
    page = get(client, mentee, q="plant")
    assert "consolidation" not in page and "closure" not in page
    assert cohort.community.forum.name not in page

    inside = search_for(member, "plant").results
    assert sorted(hit.title for hit in inside.hits) == [
        "Plant consolidation worries",
        "Plant tours for new directors",
    ]
    assert inside.total == 2
    assert dict(inside.facets["community"]) == {
        cohort.community.forum.name: 1,
        "Questions & answers": 1,
    }
