"""The intake journey in a real browser: start, leave half-way, come back, finish and submit."""

import pytest

from portal.people.models import Competency, CompetencyCluster, Format, Intake, Language
from portal.people.roles import Role
from tests.browser.steps import fill_career, fill_goals, fill_preferences, sign_in_at
from tests.factories import BusinessUnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def taxonomy(db):
    """The few taxonomy rows the journey uses (a transactional test may find the table flushed)."""
    cluster, _ = CompetencyCluster.objects.get_or_create(
        slug="strategic-leadership", defaults={"name": "Strategic leadership"}
    )
    people, _ = CompetencyCluster.objects.get_or_create(
        slug="influence-and-relationships",
        defaults={"name": "Influence and relationships", "sort_order": 3},
    )
    for slug, name, family in (
        ("strategic-thinking", "Strategic thinking", cluster),
        ("executive-presence", "Executive presence", people),
        ("negotiation", "Negotiation", people),
    ):
        Competency.objects.get_or_create(
            slug=slug, defaults={"name": name, "cluster": family, "description": name}
        )
    for code, name in (("one_on_one", "One-on-one"), ("group", "Group coaching")):
        Format.objects.get_or_create(code=code, defaults={"name": name})
    for code, name in (("en", "English"), ("fr", "French")):
        Language.objects.get_or_create(code=code, defaults={"name": name})
    BusinessUnitFactory(name="Industrial Solutions", code="industrial")


@pytest.fixture
def amara(taxonomy):
    return UserFactory(
        email="amara@example.com", first_name="Amara", last_name="Okafor", roles=[Role.MENTEE]
    )


def test_a_mentee_leaves_half_way_resumes_and_submits(page, live_server, amara, screenshot):
    base = live_server.url
    sign_in_at(page, f"{base}/me/intake/", amara.email)
    page.wait_for_url(f"{base}/me/intake/career/")
    current = page.locator('[aria-current="step"]')
    assert "Career" in current.inner_text()

    fill_career(page)
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("intake-career-phone")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"{base}/me/intake/goals/")

    page.set_viewport_size({"width": 1440, "height": 900})
    fill_goals(page)
    screenshot("intake-goals-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot("intake-goals-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"{base}/me/intake/preferences/")

    # Leave, come back: the intake resumes at step 3 with the earlier answers kept.
    page.goto(f"{base}/")
    page.goto(f"{base}/me/intake/")
    page.wait_for_url(f"{base}/me/intake/preferences/")
    assert "step 3 of 5" in page.locator(".eyebrow").text_content().lower()
    page.get_by_role("link", name="Learning goals").click()
    page.wait_for_url(f"{base}/me/intake/goals/")
    assert page.locator("#id_goals-1-target_level").input_value() == "3"
    assert page.get_by_label("What do you want to get out of mentoring?").input_value() == (
        "Lead a turnaround."
    )
    page.get_by_role("link", name="Preferences").click()

    fill_preferences(page)
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("intake-preferences-phone")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"{base}/me/intake/demographics/")
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot("intake-demographics-desktop")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"{base}/me/intake/review/")

    review = page.get_by_role("main").inner_text()
    assert "Director of Insight" in review
    assert "Strategic thinking" in review
    assert "Demographic data: not given" in review
    screenshot("intake-review-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot("intake-review-phone")
    page.get_by_role("button", name="Submit my intake").click()
    page.wait_for_url(f"{base}/")
    assert "your intake is submitted" in page.get_by_role("status").inner_text()
    assert Intake.objects.get(user=amara).submitted_at is not None


def test_a_bad_goal_is_explained_next_to_the_field(page, live_server, amara, screenshot):
    base = live_server.url
    sign_in_at(page, f"{base}/me/intake/", amara.email)
    page.wait_for_url(f"{base}/me/intake/career/")
    fill_career(page)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"{base}/me/intake/goals/")
    fill_goals(page)
    page.locator("#id_goals-1-target_level").select_option("1")
    page.get_by_role("button", name="Save and continue").click()
    target = page.locator("#id_goals-1-target_level")
    assert target.get_attribute("aria-describedby") == "id_goals-1-target_level_error"
    assert (
        "must be above your current level"
        in page.locator("#id_goals-1-target_level_error").inner_text()
    )
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot("intake-goals-error-desktop")
