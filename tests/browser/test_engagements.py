"""The pair's workspace in a real browser: the mentor schedules a session, the mentee sees it
on home and on the engagement page, downloads the invite, and writes a shared note; both answer
a check-in and only then read each other's answers; the mentor ends early and the mentee is
first on the waiting list."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from portal.engagements import checkins
from portal.engagements import services as engagement_services
from portal.engagements.models import Note, Session
from portal.engagements.queries import agreement_for
from portal.people.roles import Role
from portal.programmes import services as programme_services
from portal.programmes.models import Application, Engagement
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


def test_both_answer_a_checkin_blind_then_one_exits_and_the_mentee_is_first_in_line(
    page, new_page, live_server, pair
):
    amara, daniel = pair.mentee, pair.mentor.user
    started = checkins.add_months(timezone.localdate() - timedelta(days=2), -3)
    Engagement.objects.filter(pk=pair.pk).update(started_on=started)
    version = agreement_for(pair).version
    for person in (amara, daniel):
        engagement_services.confirm_agreement(pair, person, version)
    cycle = pf.cycle(pair.programme, seats=1)
    Application.objects.create(
        programme=pair.programme,
        cycle=cycle,
        applicant=pf.applicant(),
        status=Application.Status.WAITING,
        applied_at=timezone.now() - timedelta(days=60),
    )
    Application.objects.create(
        programme=pair.programme, cycle=cycle, applicant=amara, status=Application.Status.ADMITTED
    )

    sign_in_at(page, f"{live_server.url}/", "amara@example.com")
    page.get_by_role("link", name="Answer the check-in").first.click()
    page.get_by_role("group", name="Progress on").get_by_label("4").check()
    page.get_by_role("group", name="How is the mentoring relationship going?").get_by_label(
        "5"
    ).check()
    page.get_by_label("We meet as often as we agreed").check()
    page.get_by_label("What would help?").fill("A sponsor introduction")
    page.get_by_role("button", name="Send my check-in").click()
    expect(page.get_by_text("Daniel Hartmann has not answered yet")).to_be_visible()

    mentor = new_page(viewport={"width": 375, "height": 800})
    sign_in_at(mentor, f"{live_server.url}/engagements/{pair.pk}/checkin/", "daniel@example.com")
    expect(mentor.get_by_role("button", name="Send my check-in")).to_be_visible()
    expect(mentor.get_by_text("A sponsor introduction")).to_have_count(0)
    mentor.get_by_role("group", name="Progress on").get_by_label("3").check()
    mentor.get_by_role("group", name="How is the mentoring relationship going?").get_by_label(
        "4"
    ).check()
    mentor.get_by_label("Less often than we agreed").check()
    mentor.get_by_label("What would help?").fill("Fixed monthly slot")
    mentor.get_by_role("button", name="Send my check-in").click()
    expect(mentor.get_by_text("A sponsor introduction")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Fixed monthly slot")).to_be_visible()

    mentor.goto(f"{live_server.url}/engagements/{pair.pk}/")
    mentor.get_by_role("link", name="End the engagement early").click()
    mentor.get_by_label("Why are you ending the mentoring?").fill(
        "A new role leaves me no time this half-year."
    )
    mentor.get_by_role("button", name="End the engagement").click()
    expect(mentor.get_by_text("The engagement has ended.")).to_be_visible()
    page.goto(f"{live_server.url}/programmes/applications/")
    expect(page.get_by_text("You're number 1 on the waiting list")).to_be_visible()
    expect(page.get_by_text("A new role leaves me no time")).to_have_count(0)
