"""Applying to a programme in a real browser, and seeing one's place on the waiting list."""

from datetime import timedelta

from django.utils import timezone

import pytest

from portal.people.models import Competency, CompetencyCluster, Format, Intake, LearningGoal
from portal.people.roles import Role
from portal.programmes import services
from portal.programmes.models import Cohort, Cycle, IntakeQuestion, Programme
from tests.browser.steps import sign_in_at
from tests.factories import (
    BusinessUnitFactory,
    MentorProfileFactory,
    ProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def circle(db):
    """Emerging Leaders Circle: its running cycle full, the next one in five months."""
    one_on_one, _ = Format.objects.get_or_create(code="group", defaults={"name": "Group coaching"})
    programme = Programme.objects.create(
        name="Emerging Leaders Circle",
        slug="emerging-leaders-circle",
        purpose=(
            "Six months of small-group coaching and shadowing for senior managers and "
            "directors stepping into wider leadership."
        ),
        strategic_priority="Cross-unit collaboration",
        hours_per_month=3,
        duration_months=6,
        eligible_levels=[1, 2],
        min_tenure_years=1,
    )
    programme.formats.add(one_on_one)
    today = timezone.localdate()
    running = Cycle.objects.create(
        programme=programme,
        name="Autumn 2026",
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=166),
        seats=1,
    )
    Cohort.objects.create(cycle=running, name="Consumer Products circle")
    Cycle.objects.create(
        programme=programme,
        name="Spring 2027",
        starts_on=today + timedelta(days=150),
        ends_on=today + timedelta(days=330),
        seats=8,
    )
    first = _mentee("first@example.com", "Femi", "Adeyemi")
    mentor = MentorProfileFactory(strengths={"strategic-thinking": 5})
    ProfileFactory(user=mentor.user, business_unit=BusinessUnitFactory(code="industrial"))
    services.apply_to_programme(first, programme)  # admitted: the cycle's only seat
    return programme


def _mentee(email, first, last):
    user = UserFactory(email=email, first_name=first, last_name=last, roles=[Role.MENTEE])
    ProfileFactory(
        user=user,
        level=2,
        tenure_years=6,
        job_title="Director, Customer Insight",
        business_unit=BusinessUnitFactory(name="Consumer Products", code="consumer"),
    )
    Intake.objects.create(user=user, furthest_step=5, submitted_at=timezone.now())
    cluster, _ = CompetencyCluster.objects.get_or_create(
        slug="strategic-leadership", defaults={"name": "Strategic leadership"}
    )
    competency, _ = Competency.objects.get_or_create(
        slug="strategic-thinking",
        defaults={"name": "Strategic thinking", "cluster": cluster, "description": "."},
    )
    LearningGoal.objects.create(user=user, competency=competency, current_level=2, target_level=4)
    return user


def test_a_mentee_applies_and_sees_their_place_reason_and_estimate(
    page, live_server, circle, screenshot
):
    _mentee("amara@example.com", "Amara", "Okafor")
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_at(page, f"{live_server.url}/programmes/", "amara@example.com")
    page.wait_for_url(f"{live_server.url}/programmes/")
    assert page.get_by_text("You can apply.").is_visible()

    page.get_by_role("link", name="Emerging Leaders Circle").click()
    page.get_by_role("button", name="Apply to Emerging Leaders Circle").click()

    standing = page.locator(".standing").first
    standing.wait_for()
    text = standing.inner_text()
    assert "You're number 1 on the waiting list" in text
    assert "This cycle's 1 seat is taken." in text
    assert "Estimated start:" in text and "Spring 2027" in text
    assert page.get_by_text("People left out of the previous cycle come first.").is_visible()
    screenshot("programme-detail-desktop")

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot("programme-detail-phone")

    with page.expect_navigation():
        page.get_by_role("link", name="All your applications").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your applications"
    assert page.get_by_role("button", name="Withdraw").is_visible()


def test_a_required_programme_question_is_answered_on_the_way_to_applying(
    page, live_server, circle, screenshot
):
    IntakeQuestion.objects.create(
        programme=circle,
        prompt="How do you like feedback?",
        kind=IntakeQuestion.Kind.SINGLE,
        choices="Straight and immediate\nConsidered, after some reflection",
        asked_of=IntakeQuestion.AskedOf.APPLICANTS,
        required=True,
    )
    IntakeQuestion.objects.create(
        programme=circle,
        prompt="What would make the circle a success for you?",
        kind=IntakeQuestion.Kind.TEXT,
        asked_of=IntakeQuestion.AskedOf.APPLICANTS,
        sort_order=1,
    )
    _mentee("amara@example.com", "Amara", "Okafor")
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in_at(page, f"{live_server.url}/programmes/emerging-leaders-circle/", "amara@example.com")
    page.get_by_text("asks you 2 questions of its own; you have answered 0").wait_for()
    page.get_by_role("button", name="Apply to Emerging Leaders Circle").click()

    page.get_by_role("heading", name="Emerging Leaders Circle's questions").wait_for()
    page.get_by_label("What would make the circle a success for you?").fill("A wider view.")
    page.get_by_role("button", name="Save my answers and continue").click()
    page.get_by_text("Choose one: this question is required to apply.").wait_for()
    assert page.get_by_label("What would make the circle a success for you?").input_value() == (
        "A wider view."
    )
    screenshot("programme-questions-error-phone")
    page.get_by_label("Considered, after some reflection").check()
    page.get_by_role("button", name="Save my answers and continue").click()
    page.get_by_text("Your answers are saved (2 of 2 answered).").wait_for()

    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_role("button", name="Apply to Emerging Leaders Circle").click()
    page.locator(".standing").first.wait_for()
    assert "on the waiting list" in page.locator(".standing").first.inner_text()
    page.get_by_role("link", name="Review your answers").click()
    assert page.get_by_label("Considered, after some reflection").is_checked()
    screenshot("programme-questions-desktop")
