"""Who moderates each community (issue 14): a cohort forum gets the organisation's moderators
by default and its programme's managers by rule; a manager or moderator changes a community's
moderators in the admin's "Communities", recorded; nobody else can."""

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from forums import services
from forums.models import Community
from forums.permissions import Access, moderated_forum_ids
from portal.people.roles import Role
from tests.factories import UserFactory
from tests.people.test_membership import csrf_client, post_form
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db

COMMUNITIES = reverse("forums_communities")


@pytest.fixture
def cohort_forum(programme_manager):
    programme = pf.programme(name="Aurora")
    programme.managers.add(programme_manager)
    cohort = pf.cohort(pf.cycle(programme), name="Aurora directors")
    return Community.objects.get(cohort=cohort)


def test_a_new_cohort_forum_gets_the_moderators_and_its_programmes_managers(
    moderator, programme_manager
):
    programme = pf.programme(name="Aurora")
    programme.managers.add(programme_manager)
    community = Community.objects.get(cohort=pf.cohort(pf.cycle(programme)))
    assert list(community.moderators.all()) == [moderator]
    assert community.forum_id in moderated_forum_ids(moderator)
    assert "can_approve_posts" in Access(programme_manager).permissions(community.forum_id)
    other_manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    assert community.forum_id not in moderated_forum_ids(other_manager)


def test_a_manager_assigns_a_moderator_who_then_works_the_queue(programme_manager, cohort_forum):
    newcomer = UserFactory(first_name="Ines", last_name="Moreau", roles=[Role.MODERATOR])
    assert cohort_forum.forum_id not in moderated_forum_ids(newcomer)
    response = post_form(
        csrf_client(programme_manager),
        COMMUNITIES,
        {"community": cohort_forum.pk, "moderators": [newcomer.pk]},
    )
    assert response.status_code == 302
    assert list(cohort_forum.moderators.all()) == [newcomer]
    assert cohort_forum.forum_id in moderated_forum_ids(newcomer)
    entry = ModelLogEntry.objects.get(action=services.MODERATORS_CHANGED)
    assert entry.user == programme_manager and entry.data["added"] == ["Ines Moreau"]


def test_only_moderator_role_holders_can_be_chosen(programme_manager, cohort_forum, mentee):
    client = csrf_client(programme_manager)
    response = post_form(
        client, COMMUNITIES, {"community": cohort_forum.pk, "moderators": [mentee.pk]}
    )
    assert response.status_code == 302
    assert "Choose moderators from the list" in client.get(COMMUNITIES).content.decode()
    assert not cohort_forum.moderators.exists()


def test_another_managers_community_answers_404_and_is_left_alone(moderator, cohort_forum):
    bob = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    client = csrf_client(bob)
    page = client.get(COMMUNITIES).content.decode()
    assert "Aurora directors" not in page
    token = client.cookies["csrftoken"].value
    response = client.post(
        COMMUNITIES,
        {"community": cohort_forum.pk, "moderators": [], "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 404
    assert list(cohort_forum.moderators.all()) == [moderator]


def test_a_moderator_changes_only_the_communities_they_moderate(moderator, cohort_forum):
    other = Community.objects.get(
        cohort=pf.cohort(pf.cycle(pf.programme(name="Zenith")), name="Zenith leads")
    )
    other.moderators.remove(moderator)
    page = csrf_client(moderator).get(COMMUNITIES).content.decode()
    assert "Aurora directors" in page and "Zenith leads" not in page


def test_a_mentee_cannot_open_communities(mentee):
    assert csrf_client(mentee).get(COMMUNITIES).status_code in (302, 403)


def test_the_screen_costs_the_same_queries_as_communities_grow(
    programme_manager, moderator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme = pf.programme(name="Aurora")
    programme.managers.add(programme_manager)
    client = csrf_client(programme_manager)
    client.get(COMMUNITIES)
    cycle = pf.cycle(programme)
    for n in range(2):
        pf.cohort(cycle, name=f"Cohort {n}")
    with CaptureQueriesContext(connection) as small:
        client.get(COMMUNITIES)
    for n in range(2, 8):
        pf.cohort(cycle, name=f"Cohort {n}")
    with django_assert_max_num_queries(len(small)):
        client.get(COMMUNITIES)


def test_a_forum_is_never_made_in_django_admin_without_a_community(client, db):
    from machina.core.db.models import get_model

    Forum = get_model("forum", "Forum")
    admin_user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:forum_forum_add"), follow=True)
    assert "Forums are not made here: a forum needs a community" in response.content.decode()
    posted = client.post(
        reverse("admin:forum_forum_add"), {"name": "Orphan", "type": 0}, follow=True
    )
    assert posted.status_code == 200
    assert not Forum.objects.filter(name="Orphan").exists()
