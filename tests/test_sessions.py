"""Session limits, private pages and fresh sign-in for account changes (hardening issue)."""

import re
import time

from django.urls import reverse

import pytest

from portal.people.models import Intake
from portal.security import session_limits


def _age_session(client, *, seen_ago: int = 0, started_ago: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session["lodestar.session_seen"] = now - seen_ago
    session["lodestar.session_started"] = now - started_ago
    session.save()


@pytest.mark.parametrize(
    "path",
    [
        reverse("home"),
        reverse("edit_profile"),
        reverse("intake:step", args=["demographics"]),
        reverse("matching:mine"),
        reverse("search:results") + "?q=stakeholder",
    ],
)
def test_every_page_with_one_persons_data_is_never_stored(client, mentee, path):
    Intake.objects.update_or_create(user=mentee, defaults={"furthest_step": 4})
    client.force_login(mentee)
    response = client.get(path)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_a_member_idle_past_the_limit_is_signed_out_and_told_why(client, mentee):
    idle, _ = session_limits(staff=False)
    client.force_login(mentee)
    _age_session(client, seen_ago=idle + 5)
    response = client.get(reverse("edit_profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    page = client.get(response["Location"]).content.decode()
    assert "without activity" in page
    assert client.get(reverse("home")).status_code == 302  # signed out for good


def test_staff_sessions_end_sooner_than_members(client, mentee, programme_manager):
    staff_idle, _ = session_limits(staff=True)
    member_idle, _ = session_limits(staff=False)
    assert staff_idle < member_idle
    client.force_login(mentee)
    _age_session(client, seen_ago=staff_idle + 5)
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    client.force_login(programme_manager)
    _age_session(client, seen_ago=staff_idle + 5)
    assert client.get(reverse("home")).status_code == 302


def test_a_session_ends_at_its_absolute_limit_however_active(client, mentee):
    _, absolute = session_limits(staff=False)
    client.force_login(mentee)
    _age_session(client, seen_ago=1, started_ago=absolute + 5)
    response = client.get(reverse("home"), follow=True)
    assert "time limit" in response.content.decode()


def test_an_active_session_carries_on(client, mentee):
    client.force_login(mentee)
    _age_session(client, seen_ago=120, started_ago=3600)
    assert client.get(reverse("home")).status_code == 200
    assert client.session["lodestar.session_seen"] >= int(time.time()) - 5


def test_adding_an_email_address_asks_for_the_password_again(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("account_email")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    data = {"email": "second@example.org", "action_add": ""}
    if token:
        data["csrfmiddlewaretoken"] = token.group(1)
    response = client.post(reverse("account_email"), data)
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not mentee.emailaddress_set.filter(email="second@example.org").exists()
