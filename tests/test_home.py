"""The personal home page: what needs me now, and a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from machina.core.db.models import get_model

from forums.models import Community
from forums.services import start_topic
from tests.factories import ProfileFactory, UserFactory

Forum = get_model("forum", "Forum")


def _peer_forum():
    forum, _ = Forum.objects.get_or_create(name="Mentor peers", defaults={"type": Forum.FORUM_POST})
    community, _ = Community.objects.get_or_create(forum=forum, kind=Community.Kind.MENTORS)
    return community


def _unapproved_post(author, n):
    topic = start_topic(_peer_forum(), author, f"Topic {n}", "First post", approved=False)
    return topic.first_post


def test_a_person_without_a_profile_is_asked_to_complete_it(client, mentor):
    client.force_login(mentor)
    body = client.get(reverse("home")).content.decode()
    assert "Complete your profile" in body
    assert reverse("edit_profile") in body


def test_a_mentee_is_asked_for_their_intake_instead_of_the_profile(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("home")).content.decode()
    assert "Complete your intake" in body
    assert reverse("intake:start") in body
    assert "Complete your profile" not in body


def test_a_complete_profile_leaves_an_explained_empty_state(client, mentor):
    ProfileFactory(user=mentor)
    client.force_login(mentor)
    body = client.get(reverse("home")).content.decode()
    assert "Complete your profile" not in body
    assert "Nothing needs you right now." in body
    assert "mentor community" in body


def test_a_moderator_sees_posts_waiting_in_the_forums_they_moderate(client, moderator, mentor):
    ProfileFactory(user=moderator)
    _peer_forum().moderators.add(moderator)
    for n in range(3):
        _unapproved_post(mentor, n)
    client.force_login(moderator)
    body = client.get(reverse("home")).content.decode()
    assert "3 forum items awaiting review" in body
    assert reverse("forum_moderation:queue") in body


def test_a_mentee_never_sees_the_moderation_count(client, mentee, mentor):
    _unapproved_post(mentor, 1)
    client.force_login(mentee)
    assert "awaiting approval" not in client.get(reverse("home")).content.decode()


def _queries_for(client, path):
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    return len(ctx.captured_queries)


def test_home_runs_the_same_queries_however_many_people_and_posts(
    client, moderator, mentor, django_assert_num_queries
):
    ProfileFactory(user=moderator)
    _peer_forum().moderators.add(moderator)
    client.force_login(moderator)
    client.get(reverse("home"))  # warm per-process caches (content types, site)
    before = _queries_for(client, reverse("home"))
    for n in range(20):
        author = UserFactory()
        ProfileFactory(user=author)
        _unapproved_post(author, n)
    with django_assert_num_queries(before):
        client.get(reverse("home"))
