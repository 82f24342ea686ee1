"""The same new topic or reply sent twice (a double click, a browser resending) is created once.

Each form is posted as a browser would: the page is opened, its CSRF token and its one-time
submission token read from the HTML, and the same body sent twice."""

import html
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from machina.core.db.models import get_model

from portal.submissions import services as submissions
from portal.submissions.forms import EXPIRED
from portal.submissions.models import Submission
from tests.forums.helpers import topic_in
from tests.forums.test_posting import new_topic_url

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db


def inputs(page: str) -> dict[str, str]:
    """The name and value of every text or hidden input of the page, as a browser sends them."""
    found = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="checkbox"' not in tag:
            found[name.group(1)] = html.unescape(value.group(1))
    return found


def form_body(client, url, **fields):
    page = client.get(url).content.decode()
    sent = inputs(page)
    assert "submission" in sent, "the form carries its one-time token"
    return {
        **sent,
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        **fields,
    }


def reply_url(topic):
    return reverse(
        "forum_conversation:post_create",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
        },
    )


def test_a_new_topic_sent_twice_is_created_once(client, mentee, questions):
    client.force_login(mentee)
    url = new_topic_url(questions)
    body = form_body(client, url, subject="Saying no to my boss", content="How do you do it?")
    first = client.post(url, body)
    second = client.post(url, body)
    assert Topic.objects.filter(subject="Saying no to my boss").count() == 1
    assert first.status_code == second.status_code == 302
    # The second answer leads to what the first created, and says so.
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "You had already sent this" in page


def test_a_reply_sent_twice_is_created_once(client, mentee, questions):
    topic = topic_in(questions, mentee)
    client.force_login(mentee)
    url = reply_url(topic)
    body = form_body(client, url, content="One more idea: ask what they would stop doing.")
    client.post(url, body)
    client.post(url, body)
    assert Post.objects.filter(topic=topic).count() == 2  # the first post and one reply


def test_two_forms_opened_separately_both_post(client, mentee, questions):
    topic = topic_in(questions, mentee)
    client.force_login(mentee)
    url = reply_url(topic)
    client.post(url, form_body(client, url, content="First thought."))
    client.post(url, form_body(client, url, content="Second thought."))
    assert Post.objects.filter(topic=topic).count() == 3


def test_a_token_that_does_not_verify_keeps_the_text_and_asks_again(client, mentee, questions):
    client.force_login(mentee)
    url = new_topic_url(questions)
    body = form_body(client, url, subject="Kept subject", content="Kept words.")
    body["submission"] = body["submission"][:-2] + "xx"
    page = client.post(url, body).content.decode()
    assert EXPIRED in page
    assert "Kept words." in page and 'value="Kept subject"' in page
    assert not Topic.objects.filter(subject="Kept subject").exists()
    # The form now carries a fresh token: sending it again works.
    fresh = inputs(page)
    client.post(url, {**body, "submission": fresh["submission"]})
    assert Topic.objects.filter(subject="Kept subject").count() == 1


def test_someone_elses_token_is_refused(client, mentee, mentor, questions):
    client.force_login(mentee)
    url = new_topic_url(questions)
    body = form_body(client, url, subject="Borrowed token", content="Text.")
    body["submission"] = submissions.new_token(mentor)
    assert EXPIRED in client.post(url, body).content.decode()


def test_used_tokens_are_pruned_once_too_old_to_verify(mentee, mentor):
    old = submissions.claim(mentee, submissions.new_token(mentee))
    Submission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - submissions.TOKEN_MAX_AGE - timedelta(minutes=1)
    )
    submissions.claim(mentor, submissions.new_token(mentor))
    assert not Submission.objects.filter(pk=old.pk).exists()
    assert Submission.objects.count() == 1
