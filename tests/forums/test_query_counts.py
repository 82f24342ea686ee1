"""The forum index and a 50-post topic cost the same number of queries as the forum grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.people.roles import Role
from tests.factories import UserFactory
from tests.forums.helpers import topic_in, topic_url
from tests.programmes import factories as pf


def count_queries(client, url):
    client.get(url)  # the first view marks topics read
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
