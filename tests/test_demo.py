"""The demo organisation: believable, deterministic, idempotent, scalable."""

import random

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

import pytest

from portal.demo.services import (
    EXTERNAL_EXPERTS_PER_SCALE,
    INTERNAL_MENTORS_PER_SCALE,
    MENTEES_PER_SCALE,
    _generated_people,
    seed_demo,
)
from portal.people.models import BusinessUnit, Profile, User
from portal.people.roles import Role


def _count(role: Role) -> int:
    return User.objects.filter(groups__name=role.value).count()


@pytest.mark.django_db
def test_the_demo_company_has_every_role_and_enough_people():
    result = seed_demo()
    assert BusinessUnit.objects.count() >= 3
    assert _count(Role.MENTEE) >= 150
    assert _count(Role.MENTOR) >= 50
    assert 0 < _count(Role.EXTERNAL_EXPERT) < _count(Role.MENTOR)
    for role in (
        Role.PROGRAMME_MANAGER,
        Role.SPONSOR,
        Role.COMMUNICATIONS,
        Role.MODERATOR,
        Role.AUDITOR,
    ):
        assert _count(role) >= 1
    assert {login.role for login in result.logins} == {role.value for role in Role}
    assert Profile.objects.filter(job_title="").count() == 0


@pytest.mark.django_db
def test_seeding_twice_adds_nobody():
    first = seed_demo()
    second = seed_demo()
    assert first.created_people == first.total_people
    assert second.created_people == 0
    assert second.total_people == first.total_people


@pytest.mark.django_db
def test_seeding_twice_adds_no_images_documents_or_portraits():
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from content.models import LibraryPage
    from portal.demo.media_seed import seed_portraits

    seed_demo()
    images, documents = Image.objects.count(), Document.objects.count()
    assert not LibraryPage.objects.filter(card_image__isnull=True).exists()
    assert not LibraryPage.objects.filter(card_image_alt="").exists()
    assert documents == 8  # two audio and two video modules, each with its captions
    assert all(person.photo_url for person in User.objects.select_related("profile"))
    seed_demo()
    assert (Image.objects.count(), Document.objects.count()) == (images, documents)
    assert seed_portraits() == 0


def test_the_same_seed_builds_the_same_people():
    first = _generated_people(1, random.Random(7), set())
    assert first == _generated_people(1, random.Random(7), set())
    assert first != _generated_people(1, random.Random(8), set())


@pytest.mark.django_db
def test_scale_multiplies_the_organisation():
    seed_demo(scale=3)
    # The named demo logins (two mentees, two mentors) are not multiplied; everyone else is.
    assert _count(Role.MENTEE) == 3 * MENTEES_PER_SCALE + 2
    assert _count(Role.MENTOR) == 3 * (INTERNAL_MENTORS_PER_SCALE + EXTERNAL_EXPERTS_PER_SCALE) + 2


@pytest.mark.django_db
def test_demo_people_can_sign_in_with_the_printed_password(client, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Demo logins (password for all: lodestar-demo)" in out
    assert "amara.okafor@meridian.example" in out
    response = client.post(
        "/accounts/login/", {"login": "amara.okafor@meridian.example", "password": "lodestar-demo"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_production_settings_refuse_to_build_the_demo(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.LODESTAR_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        seed_demo()


@pytest.mark.django_db
def test_the_demo_has_complete_profiles_goals_and_a_listed_catalog():
    from portal.people.models import Intake, LearningGoal, MentorProfile

    seed_demo()
    listed = MentorProfile.objects.listed()
    assert listed.count() >= 40
    assert listed.filter(kind=MentorProfile.Kind.EXTERNAL).exists()
    # Some mentors are not listed yet, so the states are visible in the demo.
    assert MentorProfile.objects.count() > listed.count()
    assert Intake.objects.filter(submitted_at__isnull=False).count() >= 100
    assert Intake.objects.filter(submitted_at__isnull=True).exists()
    amara = User.objects.get(email="amara.okafor@meridian.example")
    largest = max(LearningGoal.objects.filter(user=amara), key=lambda g: g.gap)
    assert largest.competency.name == "Financial acumen"
    assert amara.profile.languages.exists() and amara.profile.function


@pytest.mark.django_db
def test_every_readme_login_has_something_waiting_on_their_home(client):
    """The README tells each demo login what to try; their home page shows it is there."""
    result = seed_demo()
    expected = {
        "amara.okafor@meridian.example": "Answer your proposed match",
        "kwame.mensah@meridian.example": "on the waiting list for Emerging Leaders Circle",
        "daniel.hartmann@meridian.example": "Answer your proposed match",
        "sofia.lindqvist@meridian.example": "matching run ready for your review",
    }
    readme = (settings.BASE_DIR / "README.md").read_text()
    for login in result.logins:
        assert login.email in readme, login
    for email, waiting in expected.items():
        client.force_login(User.objects.get(email=email))
        assert waiting in client.get(reverse("home")).content.decode(), email
    from portal.matching.models import Match

    proposal = Match.objects.get(mentee__email="amara.okafor@meridian.example")
    assert proposal.mentor.user.email == "daniel.hartmann@meridian.example"


@pytest.mark.django_db
def test_every_demo_login_has_notifications_some_unread_none_emailed_and_a_rerun_adds_none(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from portal.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        result = seed_demo()
    for login in result.logins:
        # No kind reaches sponsors until nominations do, nor auditors (they read the trail).
        if login.role in (Role.SPONSOR, Role.AUDITOR):
            continue
        mine = Notification.objects.filter(recipient__email=login.email)
        assert mine.filter(read_at__isnull=True).exists(), login.email
    assert not Notification.objects.exclude(email=Notification.Email.NONE).exists()
    assert mailoutbox == []  # made-up people are never emailed
    client.force_login(User.objects.get(email="tomas.alvarez@meridian.example"))
    assert "data-unread-count" in client.get(reverse("home")).content.decode()
    total = Notification.objects.count()
    seed_demo()
    assert Notification.objects.count() == total


@pytest.mark.django_db
def test_the_demo_equity_page_shows_some_groups_hides_others_and_raises_an_alert(client):
    from portal.insights import queries
    from portal.programmes.models import Programme

    seed_demo()
    report = queries.equity_report(Programme.objects.get(slug="emerging-leaders-circle"))
    rows = [row for table in report.tables() for row in table.rows]
    assert sum(not row.hidden and bool(row.counts[0]) for row in rows) >= 8
    assert sum(row.hidden for row in rows) >= 4
    assert report.alerts()
    client.force_login(User.objects.get(email="james.whitfield@meridian.example"))
    page = client.get(reverse("insights:equity"), {"programme": "emerging-leaders-circle"})
    assert page.status_code == 200 and "below four-fifths" in page.content.decode()
    # The previous cycle's history is written once.
    from portal.programmes.models import Application, Engagement

    before = (Engagement.objects.count(), Application.objects.count())
    seed_demo()
    assert (Engagement.objects.count(), Application.objects.count()) == before
