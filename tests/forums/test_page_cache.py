"""The community pages keep what every reader sees alike in the cache (forums.queries and the
fragments of their templates): each test fills the cache by reading a page, changes something,
and reads again. Nothing one reader sees (edit links, their posts awaiting approval, unread
marks, CSRF tokens) reaches another."""

import re
from datetime import timedelta

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

import pytest
from machina.core.db.models import get_model

from forums import cache as forums_cache
from forums import services
from forums.templatetags.forums_tags import ago, link_to
from portal import generations
from portal.people.models import Profile
from portal.people.roles import Role
from portal.programmes.models import CohortMembership
from tests.factories import MentorProfileFactory, UserFactory
from tests.forums.helpers import forum_url, topic_in, topic_url
from tests.programmes import factories as pf

Attachment = get_model("forum_attachments", "Attachment")
Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def post_form(post, content, **extra):
    return {
        "subject": post.subject,
        "content": content,
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        **extra,
    }


# --- the topic page -----------------------------------------------------------------------------


def test_an_edited_post_shows_its_new_text(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Edits", posts=2)
    reply = topic.posts.order_by("pk").last()
    assert "Post 2:" in page(client, mentee, topic_url(topic))
    client.force_login(mentor)
    url = reverse(
        "forum_conversation:post_update",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
            "pk": reply.pk,
        },
    )
    assert client.post(url, post_form(reply, "Rewritten: *ask* first.")).status_code == 302
    body = page(client, mentee, topic_url(topic))
    assert "Rewritten: <em>ask</em> first." in body
    assert "Post 2:" not in body


def test_a_post_approved_by_a_moderator_appears_for_everyone(
    client, mentee, mentor, moderator, questions
):
    topic = topic_in(questions, mentor, "Approval", posts=1)
    newcomer = UserFactory(first_name="Nadia", last_name="Haddad", roles=[Role.MENTEE])
    pending = topic.posts.create(
        poster=newcomer, subject="Re: Approval", content="Waiting text", approved=False
    )
    # The author sees it, marked as waiting; another reader does not, before or after.
    assert "Waiting text" in page(client, newcomer, topic_url(topic))
    assert "Waiting text" not in page(client, mentee, topic_url(topic))
    services.assign_moderator(questions, moderator)
    client.force_login(moderator)
    client.post(reverse("forum_moderation:approve_queued_post", args=[pending.pk]))
    body = page(client, mentee, topic_url(topic))
    assert "Waiting text" in body
    assert "Waiting for approval" not in body


def test_a_deleted_post_disappears(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Deletion", posts=3)
    last = topic.posts.order_by("pk").last()
    assert "Post 3:" in page(client, mentee, topic_url(topic))
    last.delete()
    assert "Post 3:" not in page(client, mentee, topic_url(topic))


def test_a_members_new_name_job_title_and_photo_show_on_their_posts(client, mentee, questions):
    mentor = MentorProfileFactory(user__first_name="Priya", user__last_name="Raman")
    author = mentor.user
    Profile.objects.update_or_create(user=author, defaults={"job_title": "Head of Risk"})
    topic = topic_in(questions, author, "Identities")
    body = page(client, mentee, topic_url(topic))
    assert "Priya Raman" in body and "Head of Risk" in body
    assert "identity__photo--initials" in body

    author.first_name = "Priyanka"
    author.save()
    assert "Priyanka Raman" in page(client, mentee, topic_url(topic))
    profile = Profile.objects.get(user=author)
    profile.job_title = "Chief Risk Officer"
    profile.save()
    assert "Chief Risk Officer" in page(client, mentee, topic_url(topic))
    mentor.photo = "mentors/priyanka.jpg"
    mentor.save()
    body = page(client, mentee, topic_url(topic))
    assert 'src="/media/mentors/priyanka.jpg"' in body
    assert "identity__photo--initials" not in body


def test_an_attachment_added_to_a_post_is_listed(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Files")
    post = topic.posts.get()
    assert "forum-post__attachments" not in page(client, mentee, topic_url(topic))
    Attachment.objects.create(
        post=post,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"),
        comment="Session plan",
    )
    assert "Session plan" in page(client, mentee, topic_url(topic))


def test_edit_and_delete_links_are_the_readers_own(client, mentee, mentor, moderator, questions):
    topic = topic_in(questions, mentor, "Whose links", posts=1)
    mine = topic.posts.create(poster=mentee, subject="Re", content="My reply", approved=True)
    services.assign_moderator(questions, moderator)
    # The moderator fills the cache first, with every link a moderator has.
    moderating = page(client, moderator, topic_url(topic))
    assert moderating.count(">Edit</a>") == 2 and moderating.count(">Delete</a>") == 2

    reading = page(client, mentee, topic_url(topic))
    assert reading.count(">Edit</a>") == 1 and reading.count(">Delete</a>") == 1
    assert f"/{mine.pk}/post/delete/" in reading
    # A reader may report the others' posts only.
    assert reading.count("Send to the moderators") == 1
    assert "Close topic" not in reading and "Move" not in reading


def test_each_reader_gets_their_own_csrf_token(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Tokens", posts=2)

    def tokens(body):
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body))

    first = tokens(page(client, mentee, topic_url(topic)))
    client.logout()
    second = tokens(page(client, UserFactory(roles=[Role.MENTEE]), topic_url(topic)))
    assert first and second and not first & second


def test_following_a_topic_changes_its_button(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Follow")
    assert "Follow this topic" in page(client, mentee, topic_url(topic))
    client.post(reverse("forum_member:topic_subscribe", args=[topic.pk]))
    body = page(client, mentee, topic_url(topic))
    assert "Stop following" in body and "Follow this topic" not in body
    # Another reader still sees the button to follow.
    assert "Follow this topic" in page(client, UserFactory(roles=[Role.MENTEE]), topic_url(topic))


def test_a_cohort_topic_read_by_a_member_stays_closed_to_outsiders(client, mentee):
    cohort = pf.cohort(pf.cycle(pf.programme()), name="Finance leaders")
    CohortMembership.objects.create(cohort=cohort, user=mentee)
    topic = topic_in(cohort.community, mentee, "Cohort only")
    assert "Cohort only" in page(client, mentee, topic_url(topic))
    assert "Cohort only" in page(client, mentee, forum_url(cohort.community))
    outsider = UserFactory(roles=[Role.MENTEE])
    client.force_login(outsider)
    assert client.get(topic_url(topic)).status_code == 404
    assert client.get(forum_url(cohort.community)).status_code == 404
    assert "Finance leaders" not in client.get(reverse("forum:index")).content.decode()


def test_a_forum_moved_under_a_closed_one_leaves_the_index_at_once(client, mentee, questions):
    assert "Questions &amp; answers" in page(client, mentee, reverse("forum:index"))
    staff_room = Forum.objects.create(name="Staff room", slug="staff-room", type=Forum.FORUM_CAT)
    forum = Forum.objects.get(pk=questions.forum_id)
    forum.parent = staff_room
    forum.save()
    assert "Questions &amp; answers" not in page(client, mentee, reverse("forum:index"))


# --- the topic list -----------------------------------------------------------------------------


def test_a_new_topic_and_a_reply_show_in_the_list(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "First thread")
    assert "0 replies" in page(client, mentee, forum_url(questions))
    replier = UserFactory(first_name="Olu", last_name="Bello", roles=[Role.MENTEE])
    topic.posts.create(poster=replier, subject="Re", content="An answer", approved=True)
    topic_in(questions, mentor, "Second thread")
    body = page(client, mentee, forum_url(questions))
    assert "Second thread" in body
    assert "1 reply" in body and "Last: Olu Bello" in body


def test_a_renamed_poster_shows_in_the_list(client, mentee, questions):
    author = UserFactory(first_name="Ada", last_name="Obi", roles=[Role.MENTOR])
    topic_in(questions, author, "Names")
    assert "Started by Ada Obi" in page(client, mentee, forum_url(questions))
    author.last_name = "Obi-Wan"
    author.save()
    assert "Started by Ada Obi-Wan" in page(client, mentee, forum_url(questions))


def test_a_moved_topic_leaves_the_list_of_its_old_forum(client, mentor, questions, mentor_forum):
    topic = topic_in(questions, mentor, "Wandering thread")
    assert "Wandering thread" in page(client, mentor, forum_url(questions))
    topic.forum = mentor_forum.forum
    topic.save()
    assert "Wandering thread" not in page(client, mentor, forum_url(questions))
    assert "Wandering thread" in page(client, mentor, forum_url(mentor_forum))


def test_a_deleted_or_locked_topic_updates_the_list(client, mentee, mentor, questions):
    gone = topic_in(questions, mentor, "Going away")
    kept = topic_in(questions, mentor, "Staying")
    assert "Going away" in page(client, mentee, forum_url(questions))
    gone.delete()
    kept.status = Topic.TOPIC_LOCKED
    kept.save()
    body = page(client, mentee, forum_url(questions))
    assert "Going away" not in body
    assert ">Closed<" in body


def test_a_renamed_forum_links_its_topics_by_the_new_slug(client, mentee, mentor, questions):
    topic_in(questions, mentor, "Links")
    link = 'class="topic-row__subject" href="/forum/forum/{}-'
    assert link.format(questions.forum.slug) in page(client, mentee, forum_url(questions))
    forum = questions.forum
    forum.name, forum.slug = "Ask anything", "ask-anything"
    forum.save()
    assert link.format("ask-anything") in page(client, mentee, forum_url(forum))


def test_unread_marks_are_each_readers_own(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Marks")
    other = UserFactory(roles=[Role.MENTEE])
    assert "chip--new" in page(client, mentee, forum_url(questions))
    page(client, mentee, topic_url(topic))  # read it
    assert "chip--new" not in page(client, mentee, forum_url(questions))
    assert "chip--new" in page(client, other, forum_url(questions))
    # A new reply makes it unread again.
    topic.posts.create(poster=mentor, subject="Re", content="More", approved=True)
    assert "chip--new" in page(client, mentee, forum_url(questions))


def test_a_readers_topic_awaiting_approval_is_theirs_alone(client, mentee, mentor, questions):
    topic_in(questions, mentee, "My pending question", approved=False)
    assert "My pending question" in page(client, mentee, forum_url(questions))
    assert "My pending question" not in page(client, mentor, forum_url(questions))


# --- the index ----------------------------------------------------------------------------------


def test_the_index_shows_new_posts_and_their_authors(client, mentee, mentor, questions):
    topic = topic_in(questions, mentor, "Index thread")
    body = page(client, mentee, reverse("forum:index"))
    assert "Latest post by Daniel Hartmann" in body
    assert "<dt>Posts</dt><dd>1</dd>" in body
    replier = UserFactory(first_name="Olu", last_name="Bello", roles=[Role.MENTEE])
    topic.posts.create(poster=replier, subject="Re", content="An answer", approved=True)
    body = page(client, mentee, reverse("forum:index"))
    assert "Latest post by Olu Bello" in body
    assert "<dt>Posts</dt><dd>2</dd>" in body
    replier.first_name = "Oluwaseun"
    replier.save()
    assert "Latest post by Oluwaseun Bello" in page(client, mentee, reverse("forum:index"))


def test_a_new_cohort_forum_appears_in_its_members_index(client, mentee):
    assert "Risk leaders" not in page(client, mentee, reverse("forum:index"))
    cohort = pf.cohort(pf.cycle(pf.programme()), name="Risk leaders")
    CohortMembership.objects.create(cohort=cohort, user=mentee)
    assert "Risk leaders" in page(client, mentee, reverse("forum:index"))


# --- template helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "said"),
    [
        (timedelta(0), "now"),
        (timedelta(seconds=1), "a second ago"),
        (timedelta(seconds=40), "40 seconds ago"),
        (timedelta(minutes=1, seconds=5), "a minute ago"),
        (timedelta(minutes=59), "59 minutes ago"),
        (timedelta(hours=1), "an hour ago"),
        (timedelta(hours=23, minutes=59), "23 hours ago"),
        (timedelta(days=1, hours=3), "a day ago"),
        (timedelta(days=6), "6 days ago"),
    ],
)
def test_ago_says_how_long_ago_like_naturaltime(delta, said):
    assert ago(timezone.now() - delta) == said


def test_ago_gives_the_date_after_a_week():
    moment = timezone.now() - timedelta(days=9)
    assert ago(moment) == date_format(timezone.localtime(moment), "j M Y")


def test_link_to_gives_the_same_links_as_reverse(db):
    assert link_to("forum:index") == reverse("forum:index")
    assert link_to("forum:forum", "questions", 7) == reverse("forum:forum", args=["questions", 7])
    assert link_to("forum_moderation:topic_lock", slug="a-topic", pk=3) == reverse(
        "forum_moderation:topic_lock", kwargs={"slug": "a-topic", "pk": 3}
    )


# --- the cache's own rules ----------------------------------------------------------------------


def test_a_lost_generation_never_brings_back_an_entry_built_on_an_older_one(db):
    scope = forums_cache.forum(1)
    (first,) = generations.read(scope)
    generations.retire(scope)
    (second,) = generations.read(scope)
    cache.delete(generations.generation_key(scope))  # evicted
    (third,) = generations.read(scope)
    assert len({first, second, third}) == 3
    assert generations.read(scope) == (third,)
