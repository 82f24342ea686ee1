"""A mentee with learning goals finds a mentor in the catalog and shortlists them."""

import pytest

from portal.demo.data import DEMO_PASSWORD
from portal.demo.services import seed_demo
from portal.people.models import Format, Language, MentorProfile, User
from portal.people.roles import Role
from tests.factories import (
    PASSWORD,
    MentorProfileFactory,
    ProfileFactory,
    UserFactory,
    goal,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MENTEE = "amara.okafor@meridian.example"

MENTORS = [
    # first, last, title, time zone, kind, strengths, formats
    ("Helena", "Voss", "Chief Financial Officer", "Europe/Berlin", "internal",
     {"financial-acumen": 5, "board-and-investor-engagement": 4, "risk-and-governance": 4},
     ["one_on_one", "shadowing"]),
    ("Marcus", "Oyelaran", "Managing Director, Infrastructure", "Africa/Lagos", "internal",
     {"stakeholder-influence": 5, "negotiation": 4, "financial-acumen": 3},
     ["one_on_one"]),
    ("Priya", "Raman", "Founding Partner", "Asia/Kolkata", "external",
     {"executive-presence": 5, "coaching-others": 5, "self-awareness": 4},
     ["one_on_one", "group"]),
    ("Lucas", "Ferreira", "VP Digital Transformation", "America/Sao_Paulo", "internal",
     {"digital-fluency": 5, "leading-change": 4, "data-informed-leadership": 4},
     ["group", "project"]),
    ("Sarah", "Kim", "Chief Operating Officer", "Asia/Seoul", "internal",
     {"transformation-delivery": 5, "building-high-performing-teams": 4},
     ["shadowing"]),
]  # fmt: skip


@pytest.fixture
def catalog(db):
    """The demo organisation, with listed mentors and the mentee's goals whether or not the demo
    seed creates them yet (it is growing them)."""
    seed_demo()
    mentee = User.objects.get(email=MENTEE)
    if not mentee.learning_goals.exists():
        goal(mentee, "financial-acumen", 2, 5)
        goal(mentee, "stakeholder-influence", 2, 4)
    if MentorProfile.objects.listed().count() >= len(MENTORS):
        return mentee
    english = Language.objects.get(code="en")
    for first, last, title, zone, kind, strengths, formats in MENTORS:
        user = UserFactory(first_name=first, last_name=last, roles=[Role.MENTOR])
        extra = {"organisation": "Raman Leadership Advisory", "business_unit": None}
        ProfileFactory(
            user=user, job_title=title, time_zone=zone, **(extra if kind == "external" else {})
        )
        user.profile.languages.add(english)
        mentor = MentorProfileFactory(
            user=user,
            kind=kind,
            vetting_status=MentorProfile.Vetting.APPROVED
            if kind == "external"
            else MentorProfile.Vetting.NOT_REQUIRED,
            capacity=3,
            strengths=strengths,
        )
        mentor.formats.add(*Format.objects.filter(code__in=formats))
    return mentee


def _sign_in(page, live_server, email=MENTEE, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_mentee_filters_opens_and_shortlists_a_mentor(page, live_server, catalog, screenshot):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/mentors/")
    cards = page.locator(".mentor-card")
    assert "Strong in Financial acumen (5), your largest gap" in cards.first.inner_text()
    screenshot("catalog-desktop")

    page.get_by_label("Format").select_option("one_on_one")
    page.get_by_label("Only mentors with free places").check()
    page.get_by_role("button", name="Show mentors").click()
    page.wait_for_url("**/mentors/?*format=one_on_one*")
    assert cards.count() > 0
    for card in cards.all():
        text = card.inner_text()
        assert "One-on-one" in text
        assert " free" in text

    filtered_url = page.url
    first = cards.first.locator("h3").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name=first, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == first
    page.get_by_role("button", name=f"Shortlist {first}").click()
    assert f"{first} is on your shortlist." in page.get_by_role("status").inner_text()
    button = page.locator(".mentor-hero .shortlist-form button")
    assert button.get_attribute("aria-pressed") == "true"
    assert "Shortlisted" in button.inner_text()
    screenshot("catalog-detail-desktop")

    page.goto(filtered_url)
    card = page.locator(".mentor-card", has_text=first).first
    assert card.locator("button[aria-pressed=true]").count() == 1

    # The cards share one form; each button posts it to its own mentor (formaction).
    card.get_by_role("button", name=f"remove {first} from your shortlist").click()
    assert f"{first} is no longer on your shortlist." in page.get_by_role("status").inner_text()
    assert page.url == filtered_url
    card = page.locator(".mentor-card", has_text=first).first
    assert card.locator("button[aria-pressed=true]").count() == 0


def test_the_catalog_fits_a_phone(page, live_server, catalog, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/mentors/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot("catalog-phone")
    with page.expect_navigation():
        page.locator(".mentor-card h3 a").first.click()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot("catalog-detail-phone")


def test_a_mentor_edits_their_profile_on_a_phone(page, live_server, catalog, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    newcomer = UserFactory(first_name="Nadia", last_name="Newcomer", roles=[Role.MENTOR])
    _sign_in(page, live_server, newcomer.email, PASSWORD)
    page.goto(f"{live_server.url}/mentors/me/edit/")
    assert "Not listed in the catalog yet" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot("mentor-profile-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot("mentor-profile-desktop")
