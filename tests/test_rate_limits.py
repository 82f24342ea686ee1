"""Posting and searching have per-person limits; over one, nothing typed is lost; a cache that
cannot be reached lets people through."""

from django.core.cache import cache

import pytest
from machina.core.db.models import get_model

from forums import services as forum_services
from forums.models import Community
from portal.people.roles import Role
from tests.factories import UserFactory
from tests.forums.helpers import topic_in
from tests.forums.test_double_submit import form_body, reply_url
from tests.forums.test_posting import new_topic_url
from tests.test_generations import UNREACHABLE_REDIS, no_outages  # noqa: F401 - a fixture

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {"post": (2, 60), "search": (3, 60)}
    return settings.RATE_LIMITS


@pytest.fixture
def questions(db):
    communities = {c.kind: c for c in forum_services.ensure_standard_communities()}
    return communities[Community.Kind.QUESTIONS]


def test_replies_over_the_limit_keep_the_text_and_say_when_to_retry(
    client, limits, mentee, questions
):
    topic = topic_in(questions, mentee)
    client.force_login(mentee)
    url = reply_url(topic)
    for n in range(2):
        assert client.post(url, form_body(client, url, content=f"Reply {n}")).status_code == 302
    body = form_body(client, url, content="A third reply, typed with care.")
    response = client.post(url, body)
    page = response.content.decode()
    assert response.status_code == 200
    assert "the most we allow" in page and "Wait a minute" in page
    assert "A third reply, typed with care." in page
    assert Post.objects.filter(topic=topic).count() == 3  # the first post and two replies
    # The refused form's token was not used up: once the window passes, the same form posts.
    cache.clear()  # the counts of this window, as when the next window starts
    assert client.post(url, body).status_code == 302
    assert Post.objects.filter(content="A third reply, typed with care.").count() == 1


def test_new_topics_count_towards_the_same_limit(client, limits, mentee, questions):
    client.force_login(mentee)
    url = new_topic_url(questions)
    for n in range(2):
        client.post(url, form_body(client, url, subject=f"Topic {n}", content="Text."))
    page = client.post(url, form_body(client, url, subject="Topic 3", content="Kept.")).content
    assert b"the most we allow" in page and b'value="Topic 3"' in page
    assert Topic.objects.filter(subject__startswith="Topic").count() == 2


def test_each_person_has_their_own_limit(client, limits, mentee, questions):
    topic = topic_in(questions, mentee)
    other = UserFactory(roles=[Role.MENTEE])
    url = reply_url(topic)
    client.force_login(mentee)
    for n in range(3):
        client.post(url, form_body(client, url, content=f"Mine {n}"))
    client.force_login(other)
    assert client.post(url, form_body(client, url, content="Theirs")).status_code == 302


def test_searches_over_the_limit_are_a_429_with_the_words_kept(client, limits, mentee):
    client.force_login(mentee)
    for _ in range(3):
        assert client.get("/search/", {"q": "delegation"}).status_code == 200
    response = client.get("/search/", {"q": "board pack"})
    assert response.status_code == 429
    page = response.content.decode()
    assert 'value="board pack"' in page and "the most we allow" in page
    assert client.get("/search/").status_code == 200  # the empty search page is not counted


@pytest.mark.usefixtures("no_outages")
def test_limits_fail_open_when_the_cache_cannot_be_reached(
    client, settings, limits, mentee, questions
):
    topic = topic_in(questions, mentee)
    client.force_login(mentee)
    url = reply_url(topic)
    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    for n in range(4):
        assert client.post(url, form_body(client, url, content=f"Offline {n}")).status_code == 302
    assert Post.objects.filter(topic=topic).count() == 5
