"""The 180-degree pre/post assessment: the pair rates on the goals' competencies, the line
manager through a one-time link (hashed at rest, expiring, used once), with or without an
account; the workspace shows who has rated, never the manager's ratings."""

import hashlib
import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest

from portal.engagements import assessments, services
from portal.engagements.models import Assessment, Goal, ManagerLink
from portal.notifications.models import Notification
from portal.people.models import Profile
from tests.engagements.conftest import csrf_from
from tests.factories import UserFactory


@pytest.fixture
def line_manager(mentee):
    boss = UserFactory(email="ngozi@example.com", first_name="Ngozi", last_name="Eze")
    Profile.objects.filter(user=mentee).update(reports_to=boss)
    return boss


@pytest.fixture
def asked(engagement, mentee, mentor, line_manager, django_capture_on_commit_callbacks):
    """Both confirmed the agreement: the starting ratings are asked for."""
    from portal.engagements.queries import agreement_for

    version = agreement_for(engagement).version
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_agreement(engagement, mentee, version)
        services.confirm_agreement(engagement, mentor, version)
    return engagement


def _link_in(message) -> str:
    return re.search(r"http\S+/engagements/rate/(\S+)/", message.body).group(1)


def _levels(page: str, level: str = "4") -> dict:
    data = {"csrfmiddlewaretoken": csrf_from(page)}
    for name in re.findall(r'name="(level_\d+)"', page):
        data[name] = level
    return data


def test_confirming_the_agreement_asks_the_pair_and_emails_the_manager_a_one_time_link(
    asked, line_manager
):
    told = Notification.objects.filter(kind="engagements.assessment")
    assert told.count() == 2
    assert Notification.objects.filter(
        kind="engagements.assessment_manager", recipient=line_manager
    ).exists()
    [email] = [m for m in mail.outbox if m.to == ["ngozi@example.com"]]
    token = _link_in(email)
    link = ManagerLink.objects.get()
    # Only the hash is kept: the token itself is in the email alone.
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert link.expires_at > timezone.now() + timedelta(days=assessments.LINK_DAYS - 1)
    # Asking again asks nobody twice.
    assert services.ask_for_assessment(asked, assessments.PRE) is False
    assert told.count() == 2


def test_the_manager_rates_once_through_the_link_without_an_account(asked):
    token = _link_in(mail.outbox[-1])
    client = Client(enforce_csrf_checks=True)
    # The token's address only opens the form: the form, its errors and its 400s live at an
    # address without it, so no log line carries the token.
    opened = client.get(f"/engagements/rate/{token}/")
    assert opened.status_code == 302 and opened["Location"] == "/engagements/rate/"
    url = "/engagements/rate/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert "Strategic thinking" in html
    # The goal's own words stay with the pair.
    assert Goal.objects.get().statement not in html

    missing = client.post(url, {"csrfmiddlewaretoken": csrf_from(html)})
    assert missing.status_code == 400
    assert "Rate Strategic thinking, from 1 to 5." in missing.content.decode()
    assert not Assessment.objects.exists()

    done = client.post(url, _levels(html, "3"))
    assert done.status_code == 200 and "your ratings are saved" in done.content.decode()
    rating = Assessment.objects.get()
    assert (rating.phase, rating.rater_role, rating.mean_level) == ("pre", "manager", 3.0)

    again = client.get(f"/engagements/rate/{token}/")
    assert again.status_code == 404 and "no longer works" in again.content.decode()
    assert client.get(url).status_code == 404
    # A session that never opened a link has nothing to rate.
    assert Client().get(url).status_code == 404


def test_a_link_past_its_date_is_refused(asked):
    token = _link_in(mail.outbox[-1])
    ManagerLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(f"/engagements/rate/{token}/").status_code == 404
    assert Client().get("/engagements/rate/not-a-token/").status_code == 404


def test_a_signed_in_manager_rates_from_their_ratings_page_and_nobody_else_can(
    asked, line_manager, mentor
):
    link = ManagerLink.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(line_manager)
    listing = client.get("/engagements/ratings/").content.decode()
    assert f"/engagements/ratings/{link.pk}/" in listing
    other = Client()
    other.force_login(mentor)
    assert other.get(f"/engagements/ratings/{link.pk}/").status_code == 404
    page = client.get(f"/engagements/ratings/{link.pk}/").content.decode()
    assert client.post(f"/engagements/ratings/{link.pk}/", _levels(page)).status_code == 200
    assert Assessment.objects.get().rater == line_manager


def test_the_pair_rate_themselves_and_see_who_has_rated_never_the_managers_ratings(
    asked, mentee, mentor
):
    manager_link = ManagerLink.objects.get()
    services.submit_manager_assessment(
        manager_link, {"ratings": {str(Goal.objects.get().competency_id): 1}}
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    url = f"/engagements/{asked.pk}/assessment/pre/"
    page = client.get(url).content.decode()
    response = client.post(url, _levels(page, "2"))
    assert response.status_code == 302
    workspace = client.get(f"/engagements/{asked.pk}/").content.decode()
    assert "The mentee: rated" in workspace and "The line manager: rated" in workspace
    assert "The mentor: <span" in workspace  # not yet
    mine = client.get(url).content.decode()
    assert "2 of 5" in mine and "1 of 5" not in mine  # the manager's 1 is never shown

    # The mentor's ratings reach the mentee once both have rated.
    mentor_client = Client(enforce_csrf_checks=True)
    mentor_client.force_login(mentor)
    page = mentor_client.get(url).content.decode()
    assert "Rate your mentee" in mentor_client.get(f"/engagements/{asked.pk}/").content.decode()
    mentor_client.post(url, _levels(page, "3"))
    mine = client.get(url).content.decode()
    assert "Your mentor" in mine and "3 of 5" in mine and "1 of 5" not in mine


def test_a_second_submit_keeps_the_first_ratings(asked, mentee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    url = f"/engagements/{asked.pk}/assessment/pre/"
    page = client.get(url).content.decode()
    client.post(url, _levels(page, "2"))
    client.post(url, _levels(page, "5"))
    assert Assessment.objects.get().mean_level == 2.0


def test_someone_outside_the_pair_cannot_open_the_ratings(asked, line_manager):
    client = Client()
    client.force_login(line_manager)
    assert client.get(f"/engagements/{asked.pk}/assessment/pre/").status_code == 404
    assert client.get(f"/engagements/{asked.pk}/assessment/middle/").status_code == 404


def test_the_closing_ratings_open_with_the_evaluation_and_the_manager_says_what_changed(
    asked, programme_manager, mentee, django_capture_on_commit_callbacks
):
    from portal.engagements import queries

    with django_capture_on_commit_callbacks(execute=True):
        services.open_evaluation(
            queries.managed_engagements(programme_manager).filter(pk=asked.pk), programme_manager
        )
    post_link = ManagerLink.objects.get(phase="post")
    token = _link_in(mail.outbox[-1])
    client = Client(enforce_csrf_checks=True)
    url = "/engagements/rate/"
    page = client.get(f"/engagements/rate/{token}/", follow=True).content.decode()
    assert "What have you seen them do differently?" in page
    without = client.post(url, {**_levels(page), "behaviour_change": "4"})
    assert without.status_code == 400
    assert "Write a sentence or two about what you observed." in without.content.decode()
    ManagerLink.objects.filter(pk=post_link.pk, used_at__isnull=True).get()  # still usable
    client.post(
        url, {**_levels(page), "behaviour_change": "4", "observation": "Delegates far more."}
    )
    rating = Assessment.objects.get(phase="post")
    assert (rating.behaviour_change, rating.observation) == (4, "Delegates far more.")
    # The pre phase is closed once the evaluation is open.
    mentee_client = Client()
    mentee_client.force_login(mentee)
    assert "Rate yourself" in mentee_client.get(f"/engagements/{asked.pk}/").content.decode()


def test_the_starting_ratings_close_after_six_weeks():
    start = timezone.localdate()
    common = {"started_on": start, "active": True, "evaluation_open": False, "ended_on": None}
    late = start + timedelta(days=assessments.PRE_WINDOW_DAYS + 1)
    assert assessments.is_open("pre", today=start, **common)
    assert not assessments.is_open("pre", today=late, **common)
    assert not assessments.is_open("post", today=start, **common)


def test_a_business_measure_needs_its_numbers(confirmed, mentee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    goal = Goal.objects.get()
    url = f"/engagements/{confirmed.pk}/goals/{goal.pk}/"
    page = client.get(url).content.decode()
    data = {
        "csrfmiddlewaretoken": csrf_from(page),
        "statement": goal.statement,
        "competency": goal.competency_id,
        "measure": "Board approves the plan",
        "target_date": goal.target_date.isoformat(),
        "status": "on_track",
        "progress": "40",
        "impact_metric": "Team engagement score",
        "impact_baseline": "62",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "needs its number at the start and the number aimed for" in body
    assert 'value="Team engagement score"' in body  # nothing typed is lost
    assert client.post(url, {**data, "impact_target": "75"}).status_code == 302
    goal.refresh_from_db()
    assert (goal.impact_metric, goal.impact_target) == ("Team engagement score", 75)


def test_an_edited_goal_keeps_its_target_date_in_the_date_picker(confirmed, mentee):
    client = Client()
    client.force_login(mentee)
    goal = Goal.objects.get()
    page = client.get(f"/engagements/{confirmed.pk}/goals/{goal.pk}/").content.decode()
    assert f'type="date" name="target_date" value="{goal.target_date.isoformat()}"' in page
