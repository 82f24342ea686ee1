"""The Wagtail admin is Lodestar's staff side: its brand, the way back, "Publishing" opening the
library, and a dashboard per staff role built from the same reads as the portal home."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page

from forums.services import start_topic
from tests.factories import ProfileFactory, UserFactory
from tests.test_home import _peer_forum


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def _run_to_review(manager, **people):
    from portal.matching import services as matching
    from tests.matching.factories import cohort_with_people

    cohort, *_ = cohort_with_people(**people, managers=[manager] if manager else ())
    return matching.run_matching(cohort, manager or UserFactory(is_superuser=True))


def _waiting(programme_name, manager, seats, waiting):
    from portal.programmes.models import Application
    from tests.programmes.factories import applicant, cycle, programme

    circle = programme(name=programme_name)
    if manager:
        circle.managers.add(manager)
    running = cycle(circle, seats=seats)
    for _ in range(waiting):
        Application.objects.create(
            applicant=applicant(), programme=circle, cycle=running, status="waiting"
        )
    return running


def test_the_admin_carries_lodestars_name_logo_colours_and_a_way_back(client, programme_manager):
    body = _dashboard(client, programme_manager)
    assert "<title>Dashboard - Lodestar</title>" in body
    assert "portal/css/admin.css" in body
    assert "portal/img/lodestar.svg" in body
    assert "Back to the portal" in body
    assert "Wagtail" not in body.split("<title>")[1].split("</title>")[0]


def test_a_programme_manager_sees_her_runs_and_waiting_lists_not_wagtails_page_counts(
    client, programme_manager
):
    ProfileFactory(user=programme_manager)
    mine = _run_to_review(programme_manager, mentees=2, mentors=1)
    theirs = _run_to_review(None, mentees=2, mentors=1)
    cycle = _waiting("Finance Futures", programme_manager, seats=3, waiting=2)
    _waiting("Someone Else's Circle", None, seats=3, waiting=4)
    body = _dashboard(client, programme_manager)
    assert "Matching runs awaiting your review" in body
    assert reverse("matching_run", args=[mine.pk]) in body
    assert reverse("matching_run", args=[theirs.pk]) not in body
    assert "1 run to review" in body
    assert "Finance Futures" in body
    assert "2 people waiting" in body
    assert "3 of 3 seats free" in body
    assert reverse("programmes_waiting_list", args=[cycle.pk]) in body
    assert "Someone Else" not in body
    assert "created in" not in body  # Wagtail's "40 Pages created in ..." summary


def test_a_programme_manager_with_nothing_waiting_is_told_where_to_start(client, programme_manager):
    body = _dashboard(client, programme_manager)
    assert "No run is waiting for review" in body
    assert "Nobody is waiting for a place in your programmes" in body


def test_communications_sees_her_drafts_and_where_each_stands_in_review(client, communications):
    from tests.content.factories import add_item, build_library

    _, section = build_library()
    sent = add_item(section, title="From plant floor to boardroom", publish=False)
    sent.save_revision(user=communications)
    sent.get_workflow().start(sent, communications)
    kept = add_item(section, title="A newsletter in progress", publish=False)
    kept.save_revision(user=communications)
    add_item(section, title="Somebody else's draft", publish=False).save_revision(
        user=UserFactory()
    )
    body = _dashboard(client, communications)
    assert "Your drafts and their review" in body
    assert "From plant floor to boardroom" in body
    assert "In review: " in body
    assert "A newsletter in progress" in body
    assert "Draft, not sent for review" in body
    assert "Somebody else" not in body
    assert "2 drafts" in body
    assert "Matching runs" not in body


def test_a_moderator_sees_the_posts_waiting_for_approval_in_her_forums(client, moderator, mentor):
    _peer_forum().moderators.add(moderator)
    start_topic(_peer_forum(), mentor, "How do you say no to a CEO?", "First post", approved=False)
    body = _dashboard(client, moderator)
    assert "Forum posts awaiting your approval" in body
    assert "How do you say no to a CEO?" in body
    assert "1 post awaiting approval" in body
    assert reverse("forum_moderation:queue") in body


def test_the_dashboard_reads_a_constant_number_of_queries_as_work_piles_up(
    client, programme_manager, django_assert_num_queries
):
    from portal.people.roles import Role
    from portal.people.services import grant_roles
    from tests.content.factories import add_item, build_library

    grant_roles(programme_manager, Role.COMMUNICATIONS, Role.MODERATOR)
    _peer_forum().moderators.add(programme_manager)
    _, section = build_library()

    def one_more_of_each(n):
        _run_to_review(programme_manager, mentees=2, mentors=1)
        _waiting(f"Circle {n}", programme_manager, seats=2, waiting=2)
        add_item(section, title=f"Draft {n}", slug=f"draft-{n}", publish=False).save_revision(
            user=programme_manager
        )
        start_topic(_peer_forum(), UserFactory(), f"Topic {n}", "Post", approved=False)

    one_more_of_each(0)
    client.force_login(programme_manager)
    url = reverse("wagtailadmin_home")
    client.get(url)
    before = _queries(client, url)
    for n in range(1, 6):
        one_more_of_each(n)
    client.get(url)
    with django_assert_num_queries(before):
        client.get(url)


def test_publishing_opens_the_library_and_the_root_is_lodestar_not_wagtails_welcome(
    client, communications
):
    from tests.content.factories import build_library

    index, _ = build_library()
    client.force_login(communications)
    response = client.get(reverse("staff_publishing"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[index.pk])
    assert Page.objects.get(depth=2, slug="home").title == "Lodestar"
    assert not Page.objects.filter(title__icontains="Welcome to your new Wagtail").exists()


def test_the_portals_publishing_link_goes_through_the_library(client, communications):
    ProfileFactory(user=communications)
    client.force_login(communications)
    assert reverse("staff_publishing") in client.get(reverse("home")).content.decode()


def test_a_mentee_cannot_open_the_publishing_shortcut(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("staff_publishing"))
    assert response.status_code in (302, 403)
    assert reverse("wagtailadmin_explore_root") not in response.get("Location", "")
