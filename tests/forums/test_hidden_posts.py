"""What machina lists about members and forums shows only what the reader may read.

Posts waiting for a moderator are not shown in anyone's post list but their author's; a private
community's feed is not found; a topic in a community the reader may not see is not found
(404, as for a missing one), while a reader who may see the forum but lacks a permission in it
is still told no (403).
"""

from django.urls import reverse

import pytest

from forums import services
from portal.people.roles import Role
from tests.factories import UserFactory
from tests.forums.helpers import topic_in, topic_url

pytestmark = pytest.mark.django_db

PENDING = "Waiting reply: our head of sales is leaving and nobody knows yet."


def _posts_url(user):
    return reverse("forum_member:user_posts", kwargs={"pk": user.pk})


def test_a_members_post_list_hides_their_posts_awaiting_approval(client, mentee, questions):
    topic = topic_in(questions, mentee, "Delegating when the team is new")
    services.reply(topic, mentee, PENDING, approved=False)
    reader = UserFactory(roles=[Role.MENTEE])
    client.force_login(reader)
    page = client.get(_posts_url(mentee)).content.decode()
    assert "Delegating when the team is new" in page
    assert PENDING not in page
    # Its author still finds it among their posts, as in the topic itself.
    client.force_login(mentee)
    assert PENDING in client.get(_posts_url(mentee)).content.decode()


def test_a_topic_awaiting_approval_is_in_no_one_elses_post_list(client, mentee, questions):
    topic_in(questions, mentee, "Pending topic about a reorganisation", approved=False)
    client.force_login(UserFactory(roles=[Role.MENTEE]))
    page = client.get(_posts_url(mentee)).content.decode()
    assert "Pending topic about a reorganisation" not in page


def test_the_profile_counts_only_topics_the_reader_may_read(client, mentor, mentor_forum):
    topic_in(mentor_forum, mentor, "When a mentee goes quiet")
    client.force_login(UserFactory(roles=[Role.MENTEE]))
    response = client.get(reverse("forum_member:profile", kwargs={"pk": mentor.pk}))
    assert response.status_code == 200
    assert response.context["topics_count"] == 0
    client.force_login(UserFactory(roles=[Role.MENTOR]))
    response = client.get(reverse("forum_member:profile", kwargs={"pk": mentor.pk}))
    assert response.context["topics_count"] == 1


def test_a_private_forums_feed_is_not_found(client, mentee, mentor, mentor_forum):
    topic_in(mentor_forum, mentor, "When a mentee goes quiet")
    forum = mentor_forum.forum
    url = reverse(
        "forum_feeds:forum_latest_topics", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    )
    client.force_login(mentee)
    assert client.get(url).status_code == 404
    client.force_login(mentor)
    feed = client.get(url)
    assert feed.status_code == 200
    assert b"When a mentee goes quiet" in feed.content


def test_the_feed_lists_no_topic_awaiting_approval(client, mentee, questions):
    topic_in(questions, mentee, "Pending topic in the feed", approved=False)
    client.force_login(UserFactory(roles=[Role.MENTEE]))
    feed = client.get(reverse("forum_feeds:latest_topics"))
    assert feed.status_code == 200
    assert b"Pending topic in the feed" not in feed.content


def test_followed_topics_leave_out_forums_no_longer_readable(client, mentor, mentor_forum):
    topic = topic_in(mentor_forum, mentor, "When a mentee goes quiet")
    topic.subscribers.add(mentor)
    client.force_login(mentor)
    subscriptions = reverse("forum_member:user_subscriptions")
    assert b"When a mentee goes quiet" in client.get(subscriptions).content
    mentor.groups.remove(mentor.groups.get(name=Role.MENTOR.value))
    mentor.groups.add(*UserFactory(roles=[Role.MENTEE]).groups.all())
    client.force_login(type(mentor).objects.get(pk=mentor.pk))
    assert b"When a mentee goes quiet" not in client.get(subscriptions).content


def test_a_topic_in_a_community_one_may_not_see_is_not_found(client, mentee, mentor, mentor_forum):
    topic = topic_in(mentor_forum, mentor, "When a mentee goes quiet")
    client.force_login(mentee)
    for url in (
        topic_url(topic),
        reverse(
            "forum_conversation:post_create",
            kwargs={
                "forum_slug": topic.forum.slug,
                "forum_pk": topic.forum.pk,
                "topic_slug": topic.slug,
                "topic_pk": topic.pk,
            },
        ),
    ):
        assert client.get(url).status_code == 404, url


def test_a_reader_of_the_forum_lacking_a_permission_is_still_refused(client, mentee, questions):
    topic = topic_in(questions, UserFactory(roles=[Role.MENTEE]), "Who moderates this?")
    client.force_login(mentee)
    lock = reverse(
        "forum_moderation:topic_lock",
        kwargs={"slug": topic.slug, "pk": topic.pk},
    )
    assert client.get(lock).status_code == 403
