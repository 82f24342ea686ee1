"""Who sees which community, by every path: index, topic URL, search, feeds; and access that
follows the programme (cohorts, roles, completed engagements)."""

from django.core.management import call_command
from django.urls import reverse

import pytest

from forums import queries, services
from forums.models import Community
from portal.people.models import User
from portal.people.roles import Role
from portal.programmes.models import CohortMembership, Engagement
from tests.factories import MentorProfileFactory, UserFactory
from tests.forums.helpers import forum_url, topic_in, topic_url
from tests.programmes import factories as pf


def fresh(user):
    return User.objects.get(pk=user.pk)


def index_names(client, user):
    client.force_login(user)
    response = client.get(reverse("forum:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_mentee_does_not_see_the_mentor_forum_in_the_index(client, mentee, mentor_forum, questions):
    page = index_names(client, mentee)
    assert "Questions &amp; answers" in page
    assert "Mentor peer community" not in page


def test_mentor_sees_the_mentor_forum(client, mentor, mentor_forum):
    assert "Mentor peer community" in index_names(client, mentor)


def test_mentee_cannot_open_a_mentor_topic_by_url(client, mentee, mentor, mentor_forum):
    topic = topic_in(mentor_forum, mentor, "When a mentee goes quiet")
    client.force_login(mentee)
    assert client.get(topic_url(topic)).status_code == 404
    assert client.get(forum_url(mentor_forum)).status_code == 404
    assert b"When a mentee goes quiet" not in client.get(topic_url(topic)).content


@pytest.mark.django_db(transaction=True)
def test_mentee_cannot_find_mentor_posts_through_search(client, mentee, mentor):
    mentor_forum = services.community_for(Community.Kind.MENTORS)
    questions = services.community_for(Community.Kind.QUESTIONS)
    topic_in(mentor_forum, mentor, "Confidential: succession worries")
    topic_in(questions, mentor, "Open: succession planning reading list")
    call_command("rebuild_search_index", verbosity=0)
    client.force_login(mentee)
    page = client.get(
        reverse("forum_search:search"), {"q": "succession"}, follow=True
    ).content.decode()
    assert "Open: succession planning reading list" in page
    assert "Confidential" not in page
    client.force_login(mentor)
    assert (
        "Confidential"
        in client.get(
            reverse("forum_search:search"), {"q": "succession"}, follow=True
        ).content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_a_topic_moved_into_the_mentor_forum_leaves_mentee_search(client, mentee, mentor):
    mentor_forum = services.community_for(Community.Kind.MENTORS)
    questions = services.community_for(Community.Kind.QUESTIONS)
    topic = topic_in(questions, mentor, "Board sponsorship dilemma")
    call_command("rebuild_search_index", verbosity=0)
    client.force_login(mentee)
    found = client.get(reverse("forum_search:search"), {"q": "sponsorship"}, follow=True)
    assert "Board sponsorship dilemma" in found.content.decode()
    topic.forum = mentor_forum.forum
    topic.save()
    client.force_login(mentee)
    page = client.get(reverse("forum_search:search"), {"q": "sponsorship"}, follow=True)
    page = page.content.decode()
    assert "Board sponsorship dilemma" not in page


def test_mentee_cannot_read_mentor_topics_in_feeds(client, mentee, mentor, mentor_forum, questions):
    topic_in(mentor_forum, mentor, "Mentor-only feed item")
    topic_in(questions, mentor, "Everyone feed item")
    client.force_login(mentee)
    everything = client.get(reverse("forum_feeds:latest_topics")).content.decode()
    assert "Everyone feed item" in everything
    assert "Mentor-only feed item" not in everything
    one_forum = reverse(
        "forum_feeds:forum_latest_topics",
        kwargs={"forum_slug": mentor_forum.forum.slug, "forum_pk": mentor_forum.forum_id},
    )
    assert "Mentor-only feed item" not in client.get(one_forum).content.decode()


def test_a_new_cohort_gets_its_own_private_forum(db):
    cohort = pf.cohort(pf.cycle(pf.programme()), name="Finance leaders")
    community = Community.objects.get(cohort=cohort)
    assert community.kind == Community.Kind.COHORT
    assert "Finance leaders" in community.forum.name


def test_cohort_forum_readable_by_members_and_programme_managers_only(
    client, mentee, programme_manager
):
    programme = pf.programme()
    cohort = pf.cohort(pf.cycle(programme), name="Operations")
    CohortMembership.objects.create(cohort=cohort, user=mentee)
    outsider = UserFactory(roles=[Role.MENTEE])
    topic = topic_in(cohort.community, mentee, "Our first cohort call")
    client.force_login(outsider)
    assert client.get(topic_url(topic)).status_code == 404
    client.force_login(programme_manager)
    assert client.get(topic_url(topic)).status_code == 404  # not this programme's manager
    programme.managers.add(programme_manager)
    assert client.get(topic_url(topic)).status_code == 200
    client.force_login(mentee)
    assert client.get(topic_url(topic)).status_code == 200


def test_leaving_a_cohort_removes_access(client, mentee):
    cohort = pf.cohort(pf.cycle(pf.programme()))
    membership = CohortMembership.objects.create(cohort=cohort, user=mentee)
    topic = topic_in(cohort.community, mentee)
    client.force_login(mentee)
    assert client.get(topic_url(topic)).status_code == 200
    membership.delete()
    assert client.get(topic_url(topic)).status_code == 404
    assert cohort.community.forum.name not in index_names(client, fresh(mentee))


def test_losing_the_mentor_role_removes_access_to_the_mentor_forum(client, mentor, mentor_forum):
    topic = topic_in(mentor_forum, mentor)
    client.force_login(mentor)
    assert client.get(topic_url(topic)).status_code == 200
    mentor.groups.remove(mentor.groups.get(name=Role.MENTOR.value))
    client.force_login(fresh(mentor))
    assert client.get(topic_url(topic)).status_code == 404


def test_completing_an_engagement_puts_the_mentee_in_the_alumni_network(
    client, mentee, alumni_forum
):
    assert "Alumni network" not in index_names(client, mentee)
    engagement = Engagement.objects.create(mentee=mentee, mentor=MentorProfileFactory())
    assert "Alumni network" not in index_names(client, mentee)
    engagement.status = Engagement.Status.COMPLETED
    engagement.save()
    assert "Alumni network" in index_names(client, mentee)


def test_moderator_queue_shows_only_their_forums(
    client, moderator, mentee, mentor, questions, mentor_forum
):
    services.assign_moderator(questions, moderator)
    topic_in(questions, mentee, "Pending in Q&A", approved=False)
    topic_in(mentor_forum, mentor, "Pending among mentors", approved=False)
    client.force_login(moderator)
    page = client.get(reverse("forum_moderation:queue")).content.decode()
    assert "Pending in Q&amp;A" in page
    assert "Pending among mentors" not in page
    assert queries.awaiting_moderation_count(moderator) == 1


def test_unassigned_moderator_has_no_queue(client, moderator, questions):
    client.force_login(moderator)
    assert client.get(reverse("forum_moderation:queue")).status_code == 403


def test_visitors_are_sent_to_sign_in(client, questions):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 302
    assert "sessionid" not in response.cookies
