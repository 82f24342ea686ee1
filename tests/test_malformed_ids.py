"""Malformed ids and search text are a 404 or a clear message, never a server error.

Each case below was a 500 (SQLite and PostgreSQL unless noted): superscript digits pass
`str.isdigit()` but not `int()`, twenty digits overflow SQLite's integer, words where an id
belongs reach the database as a lookup, and quotes reach SQLite's full-text syntax.
"""

import re
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse

import pytest

from content.models import ConsentRecord
from forums import services as forum_services
from forums.models import Community
from portal.ids import MAX_ID, parse_id
from portal.matching import services as matching
from portal.people.models import Profile
from portal.people.services import ensure_roles
from tests.content.factories import build_library
from tests.factories import BusinessUnitFactory, UserFactory
from tests.forums.helpers import topic_in, topic_url
from tests.matching.factories import cohort_with_people
from tests.people.test_intake import career_data, step_url

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"
TWENTY_DIGITS = "9" * 20


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: int() accepts them, an id does not
        (" 1", None),
        ("1\x00", None),
        ("abc", None),
        ("", None),
        (None, None),
        (7, 7),
        (True, None),
    ],
)
def test_parse_id_accepts_only_ascii_digits_in_the_databases_range(value, expected):
    assert parse_id(value) == expected


@pytest.fixture
def questions(db):
    return {c.kind: c for c in forum_services.ensure_standard_communities()}[
        Community.Kind.QUESTIONS
    ]


@pytest.fixture
def forum_member(mentee, questions):
    return mentee


def test_a_word_for_a_member_id_is_not_found(client, forum_member):
    client.force_login(forum_member)
    for url in ("/forum/member/profile/abc/", "/forum/member/profile/abc/posts/"):
        assert client.get(url).status_code == 404, url


def test_a_superscript_post_number_in_a_topic_is_not_a_server_error(client, mentee, questions):
    topic = topic_in(questions.forum, mentee)
    client.force_login(mentee)
    response = client.get(topic_url(topic), {"post": SUPERSCRIPT_TWO})
    assert response.status_code in (200, 302, 404)


@pytest.fixture
def pm(programme_manager):
    ensure_roles()
    return programme_manager


def test_matching_index_ignores_a_malformed_cohort(client, pm):
    cohort_with_people(mentees=1, mentors=1, managers=[pm])
    client.force_login(pm)
    assert client.get(reverse("matching_index"), {"cohort": SUPERSCRIPT_TWO}).status_code == 200
    page = client.post(reverse("matching_index"), {"cohort": SUPERSCRIPT_TWO}).content.decode()
    assert "Select a valid choice" in page


def test_compare_with_a_malformed_run_is_not_found(client, pm):
    cohort, *_ = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    run = matching.run_matching(cohort, pm)
    client.force_login(pm)
    response = client.get(reverse("matching_compare"), {"a": SUPERSCRIPT_TWO, "b": run.pk})
    assert response.status_code == 404


def test_locking_a_malformed_pair_is_not_found(client, pm):
    cohort, *_ = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    run = matching.run_matching(cohort, pm)
    client.force_login(pm)
    response = client.post(
        reverse("matching_run", args=[run.pk]), {"action": "lock", "pair": "abc"}
    )
    assert response.status_code == 404


def test_every_search_of_the_consent_records_answers(client, db):
    person = UserFactory(first_name="Priya", last_name="Raman")
    ConsentRecord.objects.create(person=person, evidence="Signed form, March")
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailsnippets_content_consentrecord:list")
    for query in ("Priya", "Raman", "March", '"', "'", "²" * 100):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, query
    # No page of ours takes a NUL character: a clear 400, not a database error.
    assert client.get(url, {"q": "\x00"}).status_code == 400
    assert "Priya" in client.get(url, {"q": "Priya"}).content.decode()


def test_a_quote_in_the_library_and_page_explorer_searches_answers(client, mentee):
    index, _section = build_library()
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(mentee)
    assert client.get(index.url, {"q": '"'}).status_code == 200
    client.force_login(admin)
    assert client.get(reverse("wagtailadmin_pages:search"), {"q": '"'}).status_code == 200
    explore = reverse("wagtailadmin_explore", args=[index.pk])
    assert client.get(explore, {"q": '"unbalanced'}).status_code == 200


def test_a_huge_mentor_id_is_not_found(client, mentee):
    client.force_login(mentee)
    assert client.get(f"/mentors/{'9' * 23}/").status_code == 404
    assert client.get(f"/mentors/{'9' * 23}/shortlist/").status_code in (404, 405)


def test_a_twenty_digit_language_id_is_refused_and_the_form_kept(client, mentee):
    unit = BusinessUnitFactory(name="Industrial Solutions", code="industrial")
    client.force_login(mentee)
    response = client.post(
        step_url("career"), career_data(unit, languages=[TWENTY_DIGITS], job_title="CFO")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="CFO"' in body
    assert not Profile.objects.filter(user=mentee, job_title="CFO").exists()


def test_a_hostile_next_on_the_admin_login_is_not_a_server_error(db):
    ensure_roles()
    UserFactory(email="root@example.com", password="pw-123456", is_superuser=True)
    login = reverse("wagtailadmin_login")
    for target in ("//evil.example/", "https://evil.example/", "²" * 5000, '"><', "\\evil"):
        client = Client()
        assert client.get(login, {"next": target}).status_code == 200, target
        page = client.get(login, {"next": target}).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = client.post(
            login,
            {
                "csrfmiddlewaretoken": token,
                "username": "root@example.com",
                "password": "pw-123456",
                "next": target,
            },
        )
        assert response.status_code == 302, target
        assert not urlsplit(response["Location"]).netloc, target  # stays on this site
    assert Client().get(login, {"next": "\x00"}).status_code == 400


def test_a_signed_in_admin_with_a_next_that_is_no_path_goes_to_the_dashboard(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_login"), {"next": "-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    response = client.get(reverse("wagtailadmin_login"), {"next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"


def test_a_malformed_id_in_an_admin_choosers_query_is_a_bad_request(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    chooser = reverse("wagtailadmin_choose_page_external_link")
    assert client.get(chooser, {"parent_page_id": "x"}).status_code == 400
    assert client.get(chooser, {"parent_page_id": ""}).status_code == 200


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, TWENTY_DIGITS, "x"])
def test_a_malformed_programme_on_the_nominations_page_is_ignored(client, sponsor, value):
    client.force_login(sponsor)
    assert client.get(reverse("programmes:nominations"), {"programme": value}).status_code == 200
