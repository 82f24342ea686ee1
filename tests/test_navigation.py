"""Each role sees its own navigation, grouped into places, menus and the account menu; only
staff roles reach the admin."""

from django.urls import reverse

import pytest

from portal.navigation import Link, Menu, header_for
from portal.people.roles import Role
from portal.people.services import grant_roles
from tests.factories import UserFactory

# What the header's main navigation shows: a place's label, or a menu as {label: [entries]}.
ROLE_MAIN = {
    "mentee": ["Home", {"My mentoring": ["Programmes", "Matches", "My engagements"]}, "Mentors",
               "Library", "Communities"],
    "mentor": ["Home", {"My mentoring": ["Matches", "My engagements"]}, "Mentors", "Library",
               "Communities"],
    "sponsor": ["Home", "Mentors", "Library", "Communities",
                {"Manage": ["Nominations", "Risk register", "Equity monitoring", "Scorecard",
                            "Expert approvals"]}],
    "programme_manager": ["Home", "Mentors", "Library", "Communities",
                          {"Manage": ["Nominations", "Equity monitoring", "Scorecard",
                                      "Programme admin", "Engagements"]}],
    "communications": ["Home", "Mentors", "Library", "Communities", "Publishing"],
    "moderator": ["Home", "Mentors", "Library", "Communities",
                  {"Manage": ["Review queue", "Publishing"]}],
}  # fmt: skip
EVERYONE_ACCOUNT = ["Your profile", "My posts", "Policies and charters", "Notification settings"]
ROLE_ACCOUNT = {
    "mentee": [
        "Your profile",
        "My intake",
        "My applications",
        "Conflicts of interest",
        "My posts",
        "Policies and charters",
        "Notification settings",
    ],
    "mentor": [
        "Your profile",
        "My mentor profile",
        "My onboarding",
        "Conflicts of interest",
        "My posts",
        "Policies and charters",
        "Notification settings",
    ],
    "sponsor": EVERYONE_ACCOUNT,
    "programme_manager": EVERYONE_ACCOUNT,
    "communications": EVERYONE_ACCOUNT,
    "moderator": EVERYONE_ACCOUNT,
}


def shape(entries):
    return [
        {entry.label: [link.label for link in entry.links]}
        if isinstance(entry, Menu)
        else entry.label
        for entry in entries
    ]


@pytest.mark.parametrize("person", ROLE_MAIN)
def test_each_role_sees_exactly_its_places_and_menus(request, person):
    user = request.getfixturevalue(person)
    header = header_for(user, "/")
    assert shape(header.main) == ROLE_MAIN[person]
    assert [link.label for link in header.account] == ROLE_ACCOUNT[person]


def test_a_menu_of_one_entry_is_shown_as_that_entry(communications):
    # Communications' "Manage" holds only Publishing.
    assert Link("Publishing", reverse("staff_publishing")) in header_for(communications, "/").main


def test_a_person_with_several_roles_sees_the_union_in_one_menu(moderator):
    grant_roles(moderator, Role.PROGRAMME_MANAGER, Role.MENTEE)
    header = header_for(moderator, "/")
    manage = [
        "Review queue",
        "Nominations",
        "Equity monitoring",
        "Scorecard",
        "Programme admin",
        "Engagements",
        "Publishing",
    ]
    assert {"Manage": manage} in shape(header.main)
    assert {"My mentoring": ["Programmes", "Matches", "My engagements"]} in shape(header.main)


def test_superusers_also_reach_the_django_admin(db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    manage = next(e for e in header_for(admin, "/").main if e.label == "Manage")
    assert Link("Site administration", reverse("admin:index")) in manage.links


def test_my_posts_opens_the_persons_own_posts(mentee):
    posts = next(link for link in header_for(mentee, "/").account if link.label == "My posts")
    assert posts.url == reverse("forum_member:user_posts", args=[mentee.pk])


def test_only_the_most_specific_entry_is_current(mentor):
    header = header_for(mentor, "/mentors/me/edit/")
    current = [link.label for link in header.account if link.current]
    current += [entry.label for entry in header.main if isinstance(entry, Link) and entry.current]
    assert current == ["My mentor profile"]


def test_a_menu_is_current_when_one_of_its_entries_is(mentee):
    header = header_for(mentee, "/programmes/emerging-leaders-circle/")
    mentoring = next(e for e in header.main if e.label == "My mentoring")
    assert mentoring.current
    assert [link.label for link in mentoring.links if link.current] == ["Programmes"]


def test_the_header_renders_places_menus_and_the_account_menu(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("home")).content.decode()
    nav = body.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/" aria-current="page">Home</a>' in nav
    assert ">My mentoring</summary>" in nav
    assert f'href="{reverse("programmes:list")}">Programmes</a>' in nav
    account = body.split('class="account-menu"', 1)[1].split("</details>", 1)[0]
    assert "Your account:" in account and "Amara Okafor" in account
    assert f'href="{reverse("intake:start")}">My intake</a>' in account
    assert f'action="{reverse("account_logout")}"' in account


def test_the_header_names_its_search_and_shows_its_button(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("home")).content.decode()
    search = body.split('class="site-search"', 1)[1].split("</form>", 1)[0]
    assert 'role="search" aria-label="Lodestar"' in search
    # A visible icon button (its name is hidden text inside it), not a hidden button.
    assert '<button type="submit" class="site-search__button">' in search


def test_visitors_see_only_sign_in_and_sign_up(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert 'aria-label="Main"' not in body
    assert f'href="{reverse("account_signup")}"' in body


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
