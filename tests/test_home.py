"""The personal home page: what needs me now, and a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from machina.core.db.models import get_model

from forums.models import Community
from forums.services import start_topic
from portal.people.roles import Role
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
    # Each waiting post told the moderator: their unread count is read again once, then kept.
    client.get(reverse("home"))
    with django_assert_num_queries(before):
        client.get(reverse("home"))


def test_a_mentee_on_a_waiting_list_sees_her_place_and_why(client, db):
    from portal.programmes import services
    from tests.programmes.factories import applicant, cohort, cycle, programme

    circle = programme(name="Emerging Leaders Circle")
    running = cycle(circle, seats=1)
    cohort(running)
    first, second = applicant(), applicant()
    services.apply_to_programme(first, circle)
    application = services.apply_to_programme(second, circle)
    assert application.status == application.Status.WAITING
    client.force_login(second)
    body = client.get(reverse("home")).content.decode()
    # Neither finds a free mentor, so both wait, in the order they applied.
    assert "You are number 2 on the waiting list for Emerging Leaders Circle" in body
    assert application.waiting_reason in body
    assert "Nothing needs you right now." not in body


def test_a_programme_manager_sees_runs_to_review_and_free_seats_in_her_programmes_only(
    client, programme_manager
):
    from portal.matching import services as matching
    from portal.programmes.models import Application
    from tests.matching.factories import cohort_with_people
    from tests.programmes.factories import applicant, cycle, programme

    ProfileFactory(user=programme_manager)
    mine, *_ = cohort_with_people(mentees=2, mentors=1, managers=[programme_manager])
    matching.run_matching(mine, programme_manager)
    theirs, *_ = cohort_with_people(mentees=2, mentors=1)
    matching.run_matching(theirs, UserFactory(is_superuser=True))
    # A running cycle of hers with a free seat while someone waits (deferred, then re-listed).
    circle = programme(name="Finance Futures")
    circle.managers.add(programme_manager)
    running = cycle(circle, seats=3)
    waiting = Application.objects.create(
        applicant=applicant(), programme=circle, cycle=running, status="waiting"
    )
    client.force_login(programme_manager)
    body = client.get(reverse("home")).content.decode()
    assert "1 matching run ready for your review" in body
    assert "3 free seats in Finance Futures" in body
    assert reverse("programmes_waiting_list", args=[waiting.cycle_id]) in body


def test_communications_sees_what_is_with_the_moderators(client, communications):
    from tests.content.factories import add_item, build_library

    ProfileFactory(user=communications)
    _, section = build_library()
    story = add_item(section, title="From plant floor to boardroom", publish=False)
    story.save_revision(user=communications)
    story.get_workflow().start(story, communications)
    client.force_login(communications)
    body = client.get(reverse("home")).content.decode()
    assert "1 item with the moderators for review" in body
    assert "From plant floor to boardroom" in body


def test_a_programme_manager_sees_the_role_requests_waiting(client, programme_manager):
    from portal.people import services as people

    people.request_role(UserFactory(roles=[]), Role.MENTOR)
    people.request_role(UserFactory(roles=[]), Role.MENTEE)
    client.force_login(programme_manager)
    body = client.get("/").content.decode()
    assert "2 role requests waiting" in body
    assert reverse("people_role_requests") in body
