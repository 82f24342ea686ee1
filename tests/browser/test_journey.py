"""A new mentee's first journey: intake, leave half-way, resume, acknowledge the policies, apply,
see where they stand."""

import pytest

from portal.demo.services import seed_demo
from portal.people.models import Intake
from portal.people.roles import Role
from portal.programmes.models import Application
from tests.browser.steps import fill_career, fill_goals, fill_preferences, sign_in_at
from tests.factories import UserFactory


@pytest.fixture
def newcomer(db):
    seed_demo()  # Meridian Group: its Emerging Leaders Circle cycle is already full
    return UserFactory(
        email="lena@example.com", first_name="Lena", last_name="Fischer", roles=[Role.MENTEE]
    )


def test_a_new_mentee_completes_intake_applies_and_sees_their_place(
    page, live_server, newcomer, screenshot
):
    base = live_server.url
    sign_in_at(page, f"{base}/", newcomer.email)
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Start intake").click()

    fill_career(page, unit="Consumer Products")
    page.get_by_role("button", name="Save and continue").click()
    fill_goals(page)
    page.get_by_role("button", name="Save and leave").click()
    page.wait_for_url(f"{base}/")
    assert "Resume your intake — step 3 of 5" in page.get_by_role("main").inner_text()

    page.get_by_role("link", name="Resume intake").click()
    page.wait_for_url(f"{base}/me/intake/preferences/")
    fill_preferences(page)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # demographics: skipped
    page.get_by_role("button", name="Submit my intake").click()
    page.wait_for_url(f"{base}/")
    assert Intake.objects.get(user=newcomer).submitted_at is not None

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("My mentoring").click()  # the menu that holds the mentee's programmes
    nav.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Emerging Leaders Circle").click()
    page.get_by_role("button", name="Apply to Emerging Leaders Circle").click()
    # The organisation's policies for mentees come first; acknowledging returns to the programme.
    page.get_by_role("heading", name="Policies to acknowledge").wait_for()
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Acknowledge and continue").click()
    page.get_by_text("your acknowledgement is recorded").wait_for()
    page.get_by_role("button", name="Apply to Emerging Leaders Circle").click()
    standing = page.locator(".standing").first
    standing.wait_for()
    text = standing.inner_text()
    application = Application.objects.get(applicant=newcomer)
    if application.status == Application.Status.ADMITTED:
        assert "You're in" in text
    else:
        assert application.status == Application.Status.WAITING
        assert "on the waiting list" in text
        assert application.waiting_reason in text
        assert "Estimated start:" in text or "when a new cycle is scheduled" in text
    screenshot("journey-applied-desktop")
