"""The pair's workspace in a real browser: the mentor schedules a session, the mentee sees it
on home and on the engagement page, downloads the invite, and writes a shared note."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from portal.engagements.models import Note, Session
from portal.people.roles import Role
from portal.programmes import services as programme_services
from tests.browser.steps import sign_in_at
from tests.factories import MentorProfileFactory, ProfileFactory, UserFactory, goal
from tests.programmes import factories as pf


@pytest.fixture
def pair(db):
    amara = UserFactory(
        email="amara@example.com", first_name="Amara", last_name="Okafor", roles=[Role.MENTEE]
    )
    ProfileFactory(user=amara, time_zone="Africa/Lagos")
    goal(amara, "strategic-thinking", 2, 4)
    daniel = UserFactory(
        email="daniel@example.com", first_name="Daniel", last_name="Hartmann", roles=[Role.MENTOR]
    )
    ProfileFactory(user=daniel, time_zone="Europe/Berlin")
    mentor = MentorProfileFactory(user=daniel)
    programme = pf.programme(name="Emerging Leaders Circle", hours_per_month=3, duration_months=6)
    return programme_services.start_engagement(amara, mentor, programme)


def test_mentor_schedules_and_mentee_sees_downloads_and_writes_a_note(
    page, new_page, live_server, pair
):
    day = timezone.now().astimezone(ZoneInfo("Europe/Berlin")).date() + timedelta(days=3)
    url = f"{live_server.url}/engagements/{pair.pk}/"

    sign_in_at(page, url, "daniel@example.com")
    expect(page.get_by_role("heading", name="Mentoring with Amara Okafor")).to_be_visible()
    page.get_by_role("button", name="I confirm these expectations").click()
    expect(page.get_by_text("Waiting for Amara Okafor to confirm")).to_be_visible()
    page.get_by_role("link", name="Schedule a session").first.click()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts").fill("14:00")
    page.get_by_label("Ends").fill("15:00")
    page.get_by_label("Place or link").fill("https://meet.example/daniel")
    page.get_by_label("Agenda").fill("Stakeholder map")
    page.get_by_role("button", name="Schedule and send the invite").click()
    expect(page.get_by_text("Session scheduled")).to_be_visible()
    session = Session.objects.get()

    amara = new_page(viewport={"width": 375, "height": 800})
    sign_in_at(amara, f"{live_server.url}/", "amara@example.com")
    # Berlin 14:00 is Lagos 14:00 in winter and 13:00 in summer: read it as the page does.
    lagos = session.starts_at.astimezone(ZoneInfo("Africa/Lagos"))
    expect(
        amara.get_by_text(f"Next session with Daniel Hartmann: {lagos:%A %-d %B, %H:%M}")
    ).to_be_visible()
    amara.get_by_role("link", name="Open the engagement").click()
    amara.get_by_role("button", name="I confirm these expectations").click()
    expect(amara.get_by_text("You both confirmed the programme's expectations.")).to_be_visible()
    expect(
        amara.get_by_role("region", name="Next session").get_by_text("Stakeholder map")
    ).to_be_visible()
    with amara.expect_download() as download:
        amara.get_by_role("region", name="Next session").get_by_role(
            "link", name="Download invite"
        ).click()
    invite = Calendar.from_ical(download.value.path().read_bytes())
    [event] = invite.walk("VEVENT")
    assert event["uid"] == session.uid and invite["method"] == "REQUEST"

    amara.get_by_label("Shared with my mentoring partner").check()
    amara.get_by_role("textbox", name="Note").fill("I will send the stakeholder map on Monday.")
    amara.get_by_role("button", name="Save note").click()
    expect(amara.get_by_text("I will send the stakeholder map on Monday.")).to_be_visible()
    assert Note.objects.get().tier == Note.Tier.PAIR

    page.goto(url)
    expect(page.get_by_text("I will send the stakeholder map on Monday.")).to_be_visible()
