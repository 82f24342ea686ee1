"""The scorecard journeys in a real browser: a line manager rates through their one-time link
without an account (a forgotten rating is named, nothing lost), and a sponsor reads the
programme's scorecard on a phone and on a desktop, a definition one click away."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from portal.engagements import services
from portal.engagements.models import Assessment, ManagerLink
from portal.people.models import Profile
from portal.people.roles import Role
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory
from tests.insights.conftest import make_pairs
from tests.programmes import factories as pf

SIZES = ((375, 812), (1440, 900))


@pytest.fixture
def world(db):
    programme = pf.programme(name="Emerging Executives", slug="emerging-executives")
    cohort = pf.cohort(pf.cycle(programme, starts_in=-200, days=365, seats=40), "Finance")
    engagements = make_pairs(programme, cohort, 6, going_well="We worked on delegation")
    boss = UserFactory(email="ngozi@example.com", first_name="Ngozi", last_name="Eze")
    Profile.objects.filter(user=engagements[0].mentee).update(reports_to=boss)
    Assessment.objects.filter(engagement=engagements[0], rater_role="manager").delete()
    token, token_hash = services.new_link_token()
    ManagerLink.objects.create(
        engagement=engagements[0],
        phase="post",
        manager=boss,
        token_hash=token_hash,
        expires_at=timezone.now() + timedelta(days=30),
    )
    UserFactory(email="james@example.com", first_name="James", roles=[Role.SPONSOR])
    return programme, token


def test_a_line_manager_rates_through_the_link_and_a_sponsor_reads_the_scorecard(
    page, live_server, world, screenshot
):
    _programme, token = world
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/engagements/rate/{token}/")
    expect(page.get_by_role("heading", name="Rate the development of")).to_be_visible()
    screenshot("scorecard-manager-link-375")
    page.get_by_label("What have you seen them do differently?").fill("Delegates far more now.")
    page.get_by_role("button", name="Send my ratings").click()
    # The forgotten ratings are named; what was written is still there.
    expect(page.get_by_text("Rate Strategic thinking, from 1 to 5.")).to_be_visible()
    expect(page.get_by_label("What have you seen them do differently?")).to_have_value(
        "Delegates far more now."
    )
    page.locator("input[name^='level_'][value='4']").check()
    page.locator("input[name='behaviour_change'][value='4']").check()
    page.get_by_role("button", name="Send my ratings").click()
    expect(page.get_by_role("heading", name="Thank you: your ratings are saved")).to_be_visible()
    page.goto(f"{live_server.url}/engagements/rate/{token}/")
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()

    sign_in_at(page, f"{live_server.url}/insights/scorecard/", "james@example.com")
    expect(page.get_by_role("heading", name="Balanced scorecard", exact=True)).to_be_visible()
    page.get_by_role("link", name="Emerging Executives").click()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        expect(page.get_by_role("heading", name="Skill growth")).to_be_visible()
        expect(page.get_by_role("cell", name="+2.00").first).to_be_visible()
        expect(page.locator("#growth-chart")).to_be_visible()
        screenshot(f"scorecard-sponsor-{width}")
    definition = page.locator("#health details").first
    definition.locator("summary").click()
    expect(definition.get_by_text("Applications (not withdrawn)")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Delegation")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="How the programmes are doing")).to_be_visible()
    screenshot("scorecard-sponsor-home-1440")
