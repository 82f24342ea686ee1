"""Each role sees its own navigation; only staff roles reach the admin."""

from django.urls import reverse

import pytest

ROLE_LINKS = {
    "mentee": {"Home", "My intake", "Programmes", "Matches", "Mentors", "Library", "Communities"},
    "mentor": {"Home", "Matches", "Mentors", "Library", "My mentor profile", "Communities"},
    "sponsor": {"Home", "Mentors", "Library", "Communities"},
    "programme_manager": {"Home", "Mentors", "Library", "Communities", "Programme admin"},
    "communications": {"Home", "Mentors", "Library", "Communities", "Publishing"},
    "moderator": {"Home", "Mentors", "Library", "Communities", "Review queue", "Publishing"},
}
ALL_LINKS = set().union(*ROLE_LINKS.values())


@pytest.mark.parametrize("person", ROLE_LINKS)
def test_each_role_sees_exactly_its_navigation(client, request, person):
    user = request.getfixturevalue(person)
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    nav = body.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    shown = {label for label in ALL_LINKS if f">{label}</a>" in nav}
    assert shown == ROLE_LINKS[person]


def test_a_person_with_several_roles_sees_the_union(client, moderator):
    from portal.people.roles import Role
    from portal.people.services import grant_roles

    grant_roles(moderator, Role.PROGRAMME_MANAGER)
    client.force_login(moderator)
    body = client.get(reverse("home")).content.decode()
    assert ">Programme admin</a>" in body and ">Review queue</a>" in body


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_a_mentee_is_refused_the_admin_never_a_500(client, mentee, path):
    client.force_login(mentee)
    response = client.get(path)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response.url
        follow = client.get(response.url)
        assert follow.status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("person", ["programme_manager", "communications", "moderator"])
def test_staff_roles_reach_the_wagtail_admin(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get("/admin/").status_code == 200


def test_navigation_marks_the_current_page(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("home")).content.decode()
    assert '<a href="/" aria-current="page">Home</a>' in body


def test_only_the_most_specific_entry_is_current(client, mentor):
    client.force_login(mentor)
    body = client.get("/mentors/me/edit/").content.decode()
    assert 'aria-current="page">My mentor profile</a>' in body
    assert 'aria-current="page">Mentors</a>' not in body
