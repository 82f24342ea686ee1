"""The forum index, a forum's topic list and a 50-post topic cost the same number of queries as
the forum grows, whether their parts come from the cache or are rendered afresh."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.people.roles import Role
from portal.programmes.models import CohortMembership
from tests.factories import MentorProfileFactory, UserFactory
from tests.forums.helpers import forum_url, topic_in, topic_url
from tests.programmes import factories as pf


def count_queries(client, url, *, cold=False):
    client.get(url)  # the first view marks topics read
    if cold:
        cache.clear()  # nothing rendered yet: every part is read and rendered afresh
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_forum_index_queries_stay_constant_as_communities_grow(
    client, mentor, questions, mentor_forum
):
    topic_in(questions, mentor)
    client.force_login(mentor)
    few = count_queries(client, reverse("forum:index"))
    for n in range(5):
        cohort = pf.cohort(pf.cycle(pf.programme()), name=f"Cohort {n}")
        topic_in(cohort.community, mentor, posts=3)
        topic_in(mentor_forum, UserFactory(roles=[Role.MENTOR]), posts=2)
    assert count_queries(client, reverse("forum:index")) == few


def test_forum_index_queries_stay_constant_with_nothing_cached(client, mentor, questions):
    topic_in(questions, mentor)
    client.force_login(mentor)
    few = count_queries(client, reverse("forum:index"), cold=True)
    for n in range(5):  # five more forums the mentor sees, each with topics
        cohort = pf.cohort(pf.cycle(pf.programme()), name=f"Cohort {n}")
        CohortMembership.objects.create(cohort=cohort, user=mentor)
        topic_in(cohort.community, UserFactory(roles=[Role.MENTEE]), posts=2)
    body = client.get(reverse("forum:index")).content.decode()
    assert "Cohort 4" in body
    assert count_queries(client, reverse("forum:index"), cold=True) == few


def test_topic_list_queries_stay_constant_as_topics_grow(client, mentor, questions):
    topic_in(questions, mentor, "The first")
    client.force_login(mentor)
    few = count_queries(client, forum_url(questions))
    few_cold = count_queries(client, forum_url(questions), cold=True)
    for n in range(25):
        topic_in(questions, UserFactory(roles=[Role.MENTOR]), f"Topic {n}", posts=2)
    topic_in(questions, mentor, "Mine, waiting", approved=False)
    assert count_queries(client, forum_url(questions)) == few
    assert count_queries(client, forum_url(questions), cold=True) == few_cold


def test_topic_with_fifty_posts_queries_stay_constant(client, mentor, questions, settings):
    small = topic_in(questions, mentor, "Small", posts=2)
    client.force_login(mentor)
    few = count_queries(client, topic_url(small))
    big = topic_in(questions, mentor, "Big", posts=1)
    for n in range(49):
        author = UserFactory(roles=[Role.MENTOR])
        big.posts.create(poster=author, subject="Re: Big", content=f"Reply {n}", approved=True)
    assert count_queries(client, topic_url(big)) == few
    # The last page has no topic head to decorate: never more than the first.
    assert count_queries(client, topic_url(big) + "?page=4") <= few


def test_topic_with_fifty_posts_queries_stay_constant_with_nothing_cached(
    client, mentor, questions
):
    small = topic_in(questions, mentor, "Small", posts=2)
    client.force_login(mentor)
    few = count_queries(client, topic_url(small), cold=True)
    big = topic_in(questions, mentor, "Big", posts=1)
    for n in range(49):
        author = MentorProfileFactory().user  # listed mentors: their names link to the catalog
        big.posts.create(poster=author, subject="Re: Big", content=f"Reply {n}", approved=True)
    assert count_queries(client, topic_url(big), cold=True) == few
