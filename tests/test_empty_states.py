"""Empty states fit the person's role: nobody is sent to a page that is not theirs."""

from django.urls import reverse

import pytest

from portal.people.roles import Role
from portal.programmes.models import Application
from tests.factories import ProfileFactory, UserFactory
from tests.programmes.factories import cohort, cycle, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert():
    user = UserFactory(roles=[Role.EXTERNAL_EXPERT], first_name="Priya")
    ProfileFactory(user=user, business_unit=None, organisation="Raman Leadership Advisory")
    return user


@pytest.fixture
def open_programme():
    circle = programme(name="Emerging Leaders Circle", slug="emerging-leaders-circle")
    cohort(cycle(circle, seats=4))
    return circle


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_mentors_empty_matches_points_to_her_mentor_profile_not_to_applications(client, mentor):
    body = _page(client, mentor, reverse("matching:mine"))
    assert "No mentee proposed to you yet" in body
    assert reverse("catalog:edit_profile") in body
    assert reverse("programmes:mine") not in body.split("<main")[1]


def test_a_mentees_empty_matches_still_points_to_her_applications(client, mentee):
    body = _page(client, mentee, reverse("matching:mine"))
    assert "No match proposed yet" in body
    assert reverse("programmes:mine") in body.split("<main")[1]


def test_an_external_expert_is_not_asked_for_the_mentee_intake(client, expert):
    main = _page(client, expert, reverse("catalog:list")).split("<main")[1]
    assert "Add your learning goals" not in main
    assert reverse("intake:start") not in main
    assert "your peers" in main
    matches = _page(client, expert, reverse("matching:mine")).split("<main")[1]
    assert "reviews external experts" in matches
    assert reverse("intake:start") not in matches


def test_a_sponsor_reads_the_programmes_without_being_told_he_can_apply(
    client, sponsor, open_programme
):
    listing = _page(client, sponsor, reverse("programmes:list"))
    assert "Emerging Leaders Circle" in listing
    assert "can apply" not in listing
    assert "You sponsor these programmes" in listing
    detail = _page(client, sponsor, reverse("programmes:detail", args=[open_programme.slug]))
    assert "How you take part" in detail
    assert "Can you apply?" not in detail
    assert f'action="{reverse("programmes:apply", args=[open_programme.slug])}"' not in detail


def test_a_sponsor_who_posts_an_application_anyway_is_refused(client, sponsor, open_programme):
    client.force_login(sponsor)
    response = client.post(reverse("programmes:apply", args=[open_programme.slug]), follow=True)
    assert response.status_code == 200
    assert not Application.objects.filter(applicant=sponsor).exists()
    assert "You sponsor these programmes" in response.content.decode()


@pytest.mark.parametrize("url", ["/me/intake/", "/me/intake/career/"])
def test_the_intake_sends_someone_who_is_no_mentee_to_their_profile(client, expert, url):
    client.force_login(expert)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("edit_profile")
    assert "The intake is for mentees" in response.content.decode()
