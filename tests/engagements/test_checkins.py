"""Quarterly check-ins: the calendar, blind answers, one record per side, home's task."""

from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from portal.engagements import checkins, queries, services
from portal.engagements.models import CheckInAnswer, Goal
from portal.programmes import services as programme_services
from portal.programmes.models import Engagement
from tests.engagements.conftest import csrf_from
from tests.factories import MentorProfileFactory


@pytest.fixture
def due(confirmed):
    """Check-in 1 opened two days ago (the programme checks in every three months)."""
    today = timezone.localdate()
    confirmed.started_on = checkins.add_months(today, -3) - timedelta(days=2)
    confirmed.save(update_fields=["started_on"])
    return confirmed


def _answers(page: str, goal: Goal, **extra) -> dict:
    data = {
        "csrfmiddlewaretoken": csrf_from(page),
        f"goal_{goal.pk}": "4",
        "relationship": "5",
        "rhythm": "as_agreed",
        "going_well": "Board paper <b>drafted</b>",
        "would_help": "More time on stakeholders",
    }
    return {**data, **extra}


def _answer(client: Client, engagement: Engagement, **extra):
    url = f"/engagements/{engagement.pk}/checkin/"
    page = client.get(url).content.decode()
    return client.post(url, _answers(page, Goal.objects.get(), **extra))


def test_windows_open_every_cadence_months_and_stay_open_three_weeks():
    start = date(2026, 1, 31)
    assert checkins.latest_window(start, 3, date(2026, 4, 29)) is None
    first = checkins.latest_window(start, 3, date(2026, 4, 30))
    assert (first.number, first.opens_on) == (1, date(2026, 4, 30))
    assert first.closes_on == date(2026, 4, 30) + timedelta(days=checkins.WINDOW_DAYS - 1)
    assert checkins.latest_window(start, 3, date(2026, 8, 1)).number == 2
    assert not first.is_overdue(date(2026, 5, 13)) and first.is_overdue(date(2026, 5, 14))


def test_no_checkin_before_the_first_opens(confirmed, mentee):
    client = Client()
    client.force_login(mentee)
    assert client.get(f"/engagements/{confirmed.pk}/checkin/").status_code == 404
    assert "Check-in due" not in client.get(f"/engagements/{confirmed.pk}/").content.decode()


def test_a_due_checkin_shows_on_the_page_and_on_home(due, mentee):
    client = Client()
    client.force_login(mentee)
    assert "Check-in due" in client.get(f"/engagements/{due.pk}/").content.decode()
    home = client.get("/").content.decode()
    assert "Check-in due with Daniel Hartmann" in home
    assert f"/engagements/{due.pk}/checkin/" in home


def test_neither_side_sees_the_other_until_both_answered(due, mentee, mentor):
    amara, daniel = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    amara.force_login(mentee)
    daniel.force_login(mentor)
    url = f"/engagements/{due.pk}/checkin/"
    assert _answer(amara, due).status_code == 302
    page = amara.get(url).content.decode()
    assert "Daniel Hartmann has not answered yet" in page
    assert "More time on stakeholders" in page  # her own answer
    daniel_page = daniel.get(url).content.decode()
    assert "More time on stakeholders" not in daniel_page  # blind: the form, not her answers
    assert 'name="relationship"' in daniel_page
    assert "Check-in due" not in amara.get("/").content.decode()

    _answer(daniel, due, would_help="A sponsor introduction")
    for client in (amara, daniel):
        both = client.get(url).content.decode()
        assert "More time on stakeholders" in both and "A sponsor introduction" in both
        assert "Board paper &lt;b&gt;drafted&lt;/b&gt;" in both  # escaped


def test_the_other_side_is_shown_once_the_window_closed(due, mentee, mentor):
    services.answer_checkin(
        due,
        mentee,
        1,
        True,
        {"relationship": 3, "rhythm": "less", "would_help": "Fewer cancellations"},
    )
    current = queries.checkin_for(due, mentor)
    assert current.theirs is None and current.other_answered
    later = current.window.closes_on + timedelta(days=1)
    closed = queries.checkin_for(due, mentor, today=later)
    assert closed.theirs.would_help == "Fewer cancellations" and not closed.is_open


def test_a_double_submit_keeps_one_record_with_a_message(due, mentee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    url = f"/engagements/{due.pk}/checkin/"
    page = client.get(url).content.decode()
    data = _answers(page, Goal.objects.get())
    client.post(url, data)
    second = client.post(url, {**data, "relationship": "1"}, follow=True)
    assert "You had already answered this check-in" in second.content.decode()
    answer = CheckInAnswer.objects.get()
    assert answer.relationship == 5


def test_the_service_refuses_a_second_answer_at_the_key(due, mentee):
    values = {"relationship": 4, "rhythm": "as_agreed"}
    services.answer_checkin(due, mentee, 1, True, values)
    with pytest.raises(services.AlreadyAnswered):
        services.answer_checkin(due, mentee, 1, True, values)
    assert CheckInAnswer.objects.count() == 1


def test_missing_answers_are_named_and_what_was_typed_is_kept(due, mentee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    url = f"/engagements/{due.pk}/checkin/"
    page = client.get(url).content.decode()
    goal = Goal.objects.get()
    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": csrf_from(page),
            "relationship": "9",
            "going_well": "Kept text",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Rate your progress on this goal, from 1 to 5." in body
    assert "Say how often you meet." in body
    assert "Select a valid choice" in body
    assert "Kept text" in body
    assert f"goal_{goal.pk}" in body
    assert not CheckInAnswer.objects.exists()


def test_an_ended_engagement_takes_no_checkin(due, mentee):
    due.status = Engagement.Status.ENDED
    due.save(update_fields=["status"])
    current = queries.checkin_for(due, mentee)
    assert not current.due
    with pytest.raises(services.EngagementError):
        services.answer_checkin(due, mentee, 1, current.is_open, {})


def test_outsiders_get_404(due, other_manager, programme_manager):
    for person in (other_manager, programme_manager):
        client = Client()
        client.force_login(person)
        assert client.get(f"/engagements/{due.pk}/checkin/").status_code == 404


def test_home_reads_due_checkins_in_constant_queries(due, mentee, programme):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert queries.checkins_due_for(mentee)
        return len(captured)

    before = count()
    for _ in range(3):
        other = programme_services.start_engagement(
            mentee, MentorProfileFactory(capacity=2), programme
        )
        Engagement.objects.filter(pk=other.pk).update(started_on=due.started_on)
    assert count() == before
    assert len(queries.checkins_due_for(mentee)) == 4
