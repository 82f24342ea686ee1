"""Sessions: scheduled through the rendered page, invites that parse with icalendar and update
in place, bad input refused with what was typed kept, logging afterwards, the personal feed."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest
from icalendar import Calendar

from portal.engagements import services
from portal.engagements.models import Session
from tests.engagements.conftest import csrf_from

LAGOS = ZoneInfo("Africa/Lagos")


def _fields(start, minutes=60, **extra):
    local = start.astimezone(LAGOS)
    end = local + timedelta(minutes=minutes)
    return {
        "day": local.date().isoformat(),
        "start": local.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "format": "video",
        "place": "https://meet.example/amara-daniel",
        "agenda": "Stakeholder map for the Q3 review",
        **extra,
    }


def _tomorrow_at(hour: int):
    day = timezone.now().astimezone(LAGOS).date() + timedelta(days=2)
    return timezone.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LAGOS)


def _post_through_page(client, url, data):
    csrf = csrf_from(client.get(url).content.decode())
    return client.post(url, {"csrfmiddlewaretoken": csrf, **data})


@pytest.fixture
def amara_client(confirmed, mentee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    return client


def test_scheduling_through_the_page_sends_both_an_invite(
    amara_client, confirmed, django_capture_on_commit_callbacks
):
    url = f"/engagements/{confirmed.pk}/sessions/new/"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_through_page(amara_client, url, _fields(_tomorrow_at(10)))
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == _tomorrow_at(10) and session.minutes == 60
    assert sorted(m.to[0] for m in mail.outbox) == ["amara@example.com", "daniel@example.com"]
    invite = mail.outbox[0].attachments[0]
    calendar = Calendar.from_ical(invite[1])
    assert calendar["method"] == "REQUEST"
    # Each person sees it in their own time zone: Amara in Lagos, Daniel in Berlin.
    page = amara_client.get(f"/engagements/{confirmed.pk}/").content.decode()
    assert _tomorrow_at(10).strftime("%H:%M") in page


def test_an_update_keeps_the_uid_and_raises_the_sequence(confirmed, mentee, mentor, client):
    session = services.schedule_session(
        confirmed, mentor, {"starts_at": _tomorrow_at(9), "minutes": 45, "format": "phone"}
    )
    client.force_login(mentee)
    url = f"/engagements/{confirmed.pk}/sessions/{session.pk}/invite.ics"
    first = Calendar.from_ical(client.get(url).content)
    services.change_session(session, mentee, {"starts_at": _tomorrow_at(11), "minutes": 45})
    second = Calendar.from_ical(client.get(url).content)
    [one], [two] = first.walk("VEVENT"), second.walk("VEVENT")
    assert one["uid"] == two["uid"] == session.uid
    assert int(two["sequence"]) == int(one["sequence"]) + 1
    assert two.decoded("dtstart") == _tomorrow_at(11)
    assert two.decoded("dtstart").utcoffset() == timedelta(0)  # written in UTC
    assert str(two["organizer"]) == "mailto:daniel@example.com"
    assert {str(a) for a in two["attendee"]} == {
        "mailto:amara@example.com",
        "mailto:daniel@example.com",
    }
    services.cancel_session(session, mentor)
    third = Calendar.from_ical(client.get(url).content)
    assert third["method"] == "CANCEL"
    [three] = third.walk("VEVENT")
    assert three["uid"] == session.uid and int(three["sequence"]) == 2
    assert three["status"] == "CANCELLED"


@pytest.mark.parametrize(
    ("case", "fields", "field", "message"),
    [
        ("past", lambda: _fields(timezone.now() - timedelta(days=1)), "start", "has passed"),
        (
            "ends before it starts",
            lambda: {**_fields(_tomorrow_at(10)), "end": "09:00"},
            "end",
            "ends before it starts",
        ),
        (
            "overlap",
            lambda: _fields(_tomorrow_at(10) + timedelta(minutes=30)),
            "start",
            "already have a session",
        ),
    ],
)
def test_bad_session_times_are_refused_with_what_was_typed_kept(
    amara_client, confirmed, mentor, case, fields, field, message
):
    services.schedule_session(confirmed, mentor, {"starts_at": _tomorrow_at(10), "minutes": 60})
    data = fields()
    response = _post_through_page(amara_client, f"/engagements/{confirmed.pk}/sessions/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{data["day"]}"' in html and data["agenda"] in html
    assert Session.objects.count() == 1


def test_a_session_is_logged_afterwards(confirmed, mentee, client):
    session = Session.objects.create(
        engagement=confirmed, starts_at=timezone.now() - timedelta(hours=2), minutes=60
    )
    client.force_login(mentee)
    url = f"/engagements/{confirmed.pk}/sessions/{session.pk}/log/"
    refused = client.post(url, {"outcome": "held"})
    assert refused.status_code == 400 and "how many minutes" in refused.content.decode()
    assert client.post(url, {"outcome": "held", "actual_minutes": "55"}).status_code == 302
    session.refresh_from_db()
    assert session.status == "held" and session.actual_minutes == 55
    page = client.get(f"/engagements/{confirmed.pk}/").content.decode()
    assert "0.9 of 24 hours logged" in page


def test_the_feed_lists_the_sessions_and_a_reset_revokes_the_old_address(
    confirmed, mentee, mentor, client
):
    services.schedule_session(confirmed, mentor, {"starts_at": _tomorrow_at(9), "minutes": 30})
    old = services.calendar_feed(mentee).token
    anonymous = Client()
    feed = anonymous.get(f"/engagements/calendar/{old}.ics")
    assert feed.status_code == 200
    assert len(Calendar.from_ical(feed.content).walk("VEVENT")) == 1
    client.force_login(mentee)
    assert old in client.get("/engagements/calendar/").content.decode()
    client.post("/engagements/calendar/")
    assert anonymous.get(f"/engagements/calendar/{old}.ics").status_code == 404
    new = services.calendar_feed(mentee).token
    assert new != old and anonymous.get(f"/engagements/calendar/{new}.ics").status_code == 200


def test_someone_else_cannot_download_the_invite(confirmed, mentor, sponsor, client):
    session = services.schedule_session(
        confirmed, mentor, {"starts_at": _tomorrow_at(9), "minutes": 30}
    )
    client.force_login(sponsor)
    assert (
        client.get(f"/engagements/{confirmed.pk}/sessions/{session.pk}/invite.ics").status_code
        == 404
    )
