"""The demo organisation: believable, deterministic, idempotent, scalable."""

from django.core.management import call_command

import pytest

from portal.demo.services import seed_demo
from portal.people.models import BusinessUnit, Profile, User
from portal.people.roles import Role


def _delete_everyone() -> None:
    from portal.matching.models import Match
    from portal.programmes.models import Engagement

    # Mentors are protected while they have matches or engagements.
    Match.objects.all().delete()
    Engagement.objects.all().delete()
    User.objects.all().delete()


def _count(role: Role) -> int:
    return User.objects.filter(groups__name=role.value).count()


@pytest.mark.django_db
def test_the_demo_company_has_every_role_and_enough_people():
    result = seed_demo()
    assert BusinessUnit.objects.count() >= 3
    assert _count(Role.MENTEE) >= 150
    assert _count(Role.MENTOR) >= 50
    assert 0 < _count(Role.EXTERNAL_EXPERT) < _count(Role.MENTOR)
    for role in (Role.PROGRAMME_MANAGER, Role.SPONSOR, Role.COMMUNICATIONS, Role.MODERATOR):
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
def test_the_same_seed_builds_the_same_people(django_db_blocker):
    seed_demo(seed=7)
    first = sorted(User.objects.values_list("email", "profile__job_title"))
    _delete_everyone()
    seed_demo(seed=7)
    assert sorted(User.objects.values_list("email", "profile__job_title")) == first


@pytest.mark.django_db
def test_scale_multiplies_the_organisation():
    seed_demo(scale=1)
    at_one = _count(Role.MENTEE), _count(Role.MENTOR)
    _delete_everyone()
    seed_demo(scale=3)
    # The named demo logins are not multiplied; everyone else is.
    assert _count(Role.MENTEE) - 1 == 3 * (at_one[0] - 1)
    assert _count(Role.MENTOR) - 2 == 3 * (at_one[1] - 2)


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
