"""The communities speak Lodestar, not machina: "My posts", times as the portal writes them,
portraits or initials with a named link, an optional attachment row that asks for nothing."""

import re
from datetime import UTC, datetime

from django.urls import reverse

from machina.core.db.models import get_model

from tests.factories import ProfileFactory
from tests.forums.helpers import topic_in
from tests.forums.test_posting import new_topic_url

Post = get_model("forum_conversation", "Post")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_my_posts_reads_like_the_portal(client, mentor, questions):
    ProfileFactory(user=mentor)
    topic = topic_in(questions.forum, mentor, "How do you open a first session?", posts=3)
    Post.objects.filter(topic=topic).update(created=datetime(2026, 3, 4, 18, 27, tzinfo=UTC))
    client.force_login(mentor)
    html = client.get(reverse("forum_member:user_posts", args=[mentor.pk])).content.decode()
    text = _text(html)
    assert "<title>My posts" in html or "My posts" in html.split("</title>")[0]
    assert "My messages" not in html
    assert "Posts:" not in text
    assert "3 posts" in text
    assert "a.m." not in text and "p.m." not in text
    assert "4 March 2026, 18:27" in text
    # The portrait (or initials) and the name are one link, so the link has a name.
    links = re.findall(r'<a class="member-posts__poster"[^>]*>(.*?)</a>', html, re.S)
    assert links and all(mentor.get_full_name() in _text(link) for link in links)
    assert mentor.initials in links[0] or "avatar-photo" in links[0]


def test_an_empty_subscription_list_says_what_to_do(client, mentor, questions):
    client.force_login(mentor)
    text = _text(client.get(reverse("forum_member:user_subscriptions")).content.decode())
    assert "Not topics found." not in text
    assert "You follow no topic yet." in text


def test_the_optional_attachment_row_does_not_mark_its_file_required(client, mentor, questions):
    client.force_login(mentor)
    html = client.get(new_topic_url(questions)).content.decode()
    row = html[html.index('class="forum-attachments"') :].split("</fieldset>")[0]
    assert "File" in row
    assert 'class="required"' not in row


def test_a_queued_post_reads_like_the_portal_and_its_decisions_are_forms(
    client, mentor, moderator, mentor_forum
):
    from forums import services
    from tests.forums.test_posting import post_topic

    client.force_login(mentor)
    post_topic(client, mentor_forum, "A first question", "How do you open a first session?")
    post = Post.objects.get(subject="A first question")
    services.assign_moderator(mentor_forum, moderator)
    client.force_login(moderator)
    html = client.get(reverse("forum_moderation:queued_post", args=[post.pk])).content.decode()
    text = _text(html)
    assert f"By {mentor.get_full_name()}" in text
    assert "Posts:" not in text and "Anonymous user" not in text
    approve = reverse("forum_moderation:approve_queued_post", args=[post.pk])
    assert f'<form method="post" action="{approve}">' in html
