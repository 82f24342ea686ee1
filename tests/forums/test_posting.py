"""Posting: the approval queue until a member is trusted, limits that refuse bad input without
losing it, reports, and topic views that do not write a counter."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from machina.core.db.models import get_model

from forums import queries, services
from forums.models import PostReport
from forums.permissions import trust_threshold
from tests.forums.helpers import topic_in, topic_url

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def new_topic_url(community):
    forum = community.forum
    return reverse(
        "forum_conversation:topic_create", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    )


def post_topic(client, community, subject, content, **extra):
    data = {
        "subject": subject,
        "content": content,
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        **extra,
    }
    return client.post(new_topic_url(community), data)


def test_new_mentors_post_waits_for_approval_then_a_moderator_approves_it(
    client, mentor, moderator, mentor_forum
):
    client.force_login(mentor)
    response = post_topic(
        client, mentor_forum, "Handling a mentee's career setback", "What has worked for you?"
    )
    assert response.status_code == 302
    post = Post.objects.get(subject="Handling a mentee's career setback")
    assert post.approved is False
    services.assign_moderator(mentor_forum, moderator)
    client.force_login(moderator)
    assert "Handling a mentee" in client.get(reverse("forum_moderation:queue")).content.decode()
    client.post(reverse("forum_moderation:approve_queued_post", args=[post.pk]))
    post.refresh_from_db()
    assert post.approved is True
    assert Topic.objects.get(pk=post.topic_id).approved is True


def test_members_post_without_approval_after_the_trust_threshold(client, mentor, mentor_forum):
    topic_in(mentor_forum, mentor, posts=trust_threshold())
    client.force_login(mentor)
    post_topic(client, mentor_forum, "Trusted now", "Straight to the forum.")
    assert Post.objects.get(subject="Trusted now").approved is True


def test_a_five_megabyte_body_is_refused_and_the_subject_kept(client, mentee, questions):
    client.force_login(mentee)
    response = post_topic(client, questions, "My typed subject", "x" * (5 * 1024 * 1024))
    assert response.status_code == 200
    page = response.content.decode()
    assert "the limit is 20,000" in page
    assert 'value="My typed subject"' in page
    assert not Topic.objects.filter(subject="My typed subject").exists()


def test_script_payloads_render_inert(client, mentee, questions):
    topic = topic_in(questions, mentee, "Payloads")
    Post.objects.create(
        topic=topic,
        poster=mentee,
        subject="x",
        approved=True,
        content=(
            "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))"
        ),
    )
    client.force_login(mentee)
    page = client.get(topic_url(topic)).content.decode()
    body = page.split('class="post-list"')[1]
    assert "<script>alert" not in body
    assert "<img" not in body
    assert 'href="javascript:' not in body


def test_attachments_of_the_wrong_type_or_size_are_refused(client, mentor, questions):
    topic_in(questions, mentor, posts=trust_threshold())
    client.force_login(mentor)
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = post_topic(
        client,
        questions,
        "With a file",
        "See attached",
        **{"attachment-TOTAL_FORMS": "1", "attachment-0-file": exe, "attachment-0-comment": "tool"},
    )
    assert "Files of this type cannot be attached" in response.content.decode()
    fake_pdf = SimpleUploadedFile("notes.pdf", b"<html>", content_type="application/pdf")
    response = post_topic(
        client,
        questions,
        "With a file",
        "See attached",
        **{
            "attachment-TOTAL_FORMS": "1",
            "attachment-0-file": fake_pdf,
            "attachment-0-comment": "x",
        },
    )
    assert "does not match its pdf extension" in response.content.decode()
    assert not Topic.objects.filter(subject="With a file").exists()


def test_a_good_attachment_is_stored_under_a_generated_name(
    client, mentor, questions, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    topic_in(questions, mentor, posts=trust_threshold())
    client.force_login(mentor)
    pdf = SimpleUploadedFile(
        "Jane Doe salary review.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    post_topic(
        client,
        questions,
        "Reading list",
        "Attached",
        **{
            "attachment-TOTAL_FORMS": "1",
            "attachment-0-file": pdf,
            "attachment-0-comment": "Reading list",
        },
    )
    attachment = Post.objects.get(subject="Reading list").attachments.get()
    assert "Jane" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")


def test_member_reports_a_post_and_the_moderator_removes_it(
    client, mentee, mentor, moderator, questions
):
    topic = topic_in(questions, mentor, "A heated thread", posts=2)
    post = topic.posts.last()
    client.force_login(mentee)
    response = client.post(
        reverse("forums:report_post", args=[post.pk]),
        {"reason": "disrespectful", "detail": "Personal attack"},
    )
    assert response.status_code == 302
    report = PostReport.objects.get()
    services.assign_moderator(questions, moderator)
    client.force_login(moderator)
    assert "Personal attack" in client.get(reverse("forum_moderation:queue")).content.decode()
    client.post(reverse("forums:resolve_report", args=[report.pk]), {"action": "remove"})
    assert not Post.objects.filter(pk=post.pk).exists()
    report.refresh_from_db()
    assert report.outcome == PostReport.Outcome.REMOVED


def test_nobody_can_report_a_post_they_cannot_read(client, mentee, mentor, mentor_forum):
    post = topic_in(mentor_forum, mentor).posts.get()
    client.force_login(mentee)
    assert (
        client.post(reverse("forums:report_post", args=[post.pk]), {"reason": "spam"}).status_code
        == 404
    )
    assert not PostReport.objects.exists()


def test_a_moderator_of_another_forum_cannot_resolve_a_report(
    client, mentee, mentor, moderator, questions, mentor_forum
):
    post = topic_in(questions, mentor).posts.get()
    report = services.report_post(post, mentee, "spam")
    services.assign_moderator(mentor_forum, moderator)
    client.force_login(moderator)
    assert (
        client.post(
            reverse("forums:resolve_report", args=[report.pk]), {"action": "remove"}
        ).status_code
        == 404
    )
    assert Post.objects.filter(pk=post.pk).exists()


def test_viewing_a_topic_writes_no_view_counter(client, mentee, questions):
    topic = topic_in(questions, mentee)
    client.force_login(mentee)
    client.get(topic_url(topic))  # first view marks the topic read
    with CaptureQueriesContext(connection) as queries:
        client.get(topic_url(topic))
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert writes == []
    assert Topic.objects.get(pk=topic.pk).views_count == 0


def test_unread_topics_are_marked_and_cleared_on_reading(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Unread thing")
    client.force_login(mentee)
    assert "Unread thing" in client.get(reverse("forum_tracking:unread_topics")).content.decode()
    client.get(topic_url(topic))
    assert (
        "Unread thing" not in client.get(reverse("forum_tracking:unread_topics")).content.decode()
    )


def test_subscribing_to_a_topic(client, mentee, questions):
    topic = topic_in(questions, mentee, "Follow me")
    client.force_login(mentee)
    client.post(reverse("forum_member:topic_subscribe", args=[topic.pk]))
    assert "Follow me" in client.get(reverse("forum_member:user_subscriptions")).content.decode()


def test_open_discussion_opens_one_topic_that_links_back(client, communications, mentee, questions):
    url = services.open_discussion(
        "Playbook: your first three sessions",
        "https://lodestar.test/library/first-sessions/",
        questions,
        communications,
    )
    again = services.open_discussion(
        "Playbook: your first three sessions",
        "https://lodestar.test/library/first-sessions/",
        questions.forum,
        communications,
    )
    assert url == again
    assert Topic.objects.filter(forum=questions.forum).count() == 1
    client.force_login(mentee)
    page = client.get(url).content.decode()
    assert 'href="https://lodestar.test/library/first-sessions/"' in page
    assert "Discussion of" in page


def test_an_author_edits_their_topic_and_their_reply_in_the_portal_forms(
    client, mentor, mentor_forum
):
    topic = topic_in(mentor_forum, mentor, posts=2)
    _first, reply = topic.posts.order_by("pk")
    forum_kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id}
    topic_kwargs = {**forum_kwargs, "topic_slug": topic.slug, "topic_pk": topic.pk}
    client.force_login(mentor)

    edit_topic = client.get(
        reverse(
            "forum_conversation:topic_update",
            kwargs={**forum_kwargs, "slug": topic.slug, "pk": topic.pk},
        )
    )
    assert edit_topic.status_code == 200
    assert f"Edit “{topic.subject}”" in edit_topic.content.decode()

    edit_reply = client.get(
        reverse("forum_conversation:post_update", kwargs={**topic_kwargs, "pk": reply.pk})
    )
    assert edit_reply.status_code == 200
    assert "Edit your post" in edit_reply.content.decode()


def test_start_topic_opens_a_topic_with_its_first_post_and_replies_follow(mentee, questions):
    topic = services.start_topic(questions, mentee, "First sessions", "How do you open one?")
    services.reply(topic, mentee, "I ask what they want to change.")

    topic = Topic.objects.get(pk=topic.pk)
    assert topic.forum == questions.forum and topic.approved
    assert topic.first_post.content.raw == "How do you open one?"
    assert topic.posts_count == 2 and topic.last_post.subject == "Re: First sessions"


def test_a_topic_started_unapproved_waits_with_its_first_post(mentee, moderator, questions):
    services.assign_moderator(questions, moderator)
    topic = services.start_topic(questions, mentee, "Waiting", "For a moderator.", approved=False)

    assert not Topic.objects.get(pk=topic.pk).approved
    assert not Post.objects.get(topic=topic).approved
    assert queries.awaiting_moderation_count(moderator) == 1
