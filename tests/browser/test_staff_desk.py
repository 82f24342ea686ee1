"""The staff side in a real browser: each staff role's dashboard, the way back to the portal,
Publishing opening the library, and members' empty states that fit their role."""

import pytest

from forums.services import start_topic
from tests.browser.axe import assert_accessible
from tests.browser.steps import sign_in_at
from tests.factories import ProfileFactory, UserFactory
from tests.staff.test_admin_dashboard import _run_to_review, _waiting
from tests.test_home import _peer_forum

pytestmark = pytest.mark.django_db(transaction=True)


def _at_both_widths(page, check) -> None:
    for width, height in ((1440, 900), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        check()
        assert_accessible(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"


def test_a_programme_manager_reads_her_desk_and_goes_back_to_the_portal(
    page, live_server, programme_manager, screenshot
):
    ProfileFactory(user=programme_manager)
    _run_to_review(programme_manager, mentees=2, mentors=1)
    _waiting("Finance Futures", programme_manager, seats=3, waiting=2)
    sign_in_at(page, f"{live_server.url}/admin/", programme_manager.email)
    page.wait_for_url(f"{live_server.url}/admin/")

    def desk():
        assert page.get_by_role("heading", name="Matching runs awaiting your review").is_visible()
        assert page.get_by_role("link", name="Finance Futures · Cycle").first.is_visible()
        assert page.get_by_text("2 people waiting").first.is_visible()

    _at_both_widths(page, desk)
    screenshot("admin-desk-programme-manager-375")
    page.set_viewport_size({"width": 1440, "height": 900})
    with page.expect_navigation():
        page.get_by_role("link", name="Back to the portal").click()
    assert page.url == f"{live_server.url}/"


def test_communications_sees_her_drafts_and_publishing_opens_the_library(
    page, live_server, communications
):
    from tests.content.factories import add_item, build_library

    ProfileFactory(user=communications)
    _, section = build_library()
    draft = add_item(section, title="From plant floor to boardroom", publish=False)
    draft.save_revision(user=communications)
    draft.get_workflow().start(draft, communications)
    sign_in_at(page, f"{live_server.url}/admin/", communications.email)
    page.wait_for_url(f"{live_server.url}/admin/")

    def desk():
        assert page.get_by_role("link", name="From plant floor to boardroom").is_visible()
        assert page.get_by_text("In review:").is_visible()

    _at_both_widths(page, desk)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Publishing", exact=True).click()
    assert "Knowledge library" in page.get_by_role("heading", level=1).inner_text()
    assert "Welcome to your new Wagtail site" not in page.content()


def test_a_moderator_sees_the_posts_waiting_for_her(page, live_server, moderator, mentor):
    ProfileFactory(user=moderator)
    _peer_forum().moderators.add(moderator)
    start_topic(_peer_forum(), mentor, "How do you say no to a CEO?", "First post", approved=False)
    sign_in_at(page, f"{live_server.url}/admin/", moderator.email)
    page.wait_for_url(f"{live_server.url}/admin/")

    def desk():
        assert page.get_by_text("How do you say no to a CEO?").is_visible()
        assert page.get_by_role("link", name="Open the review queue").is_visible()

    _at_both_widths(page, desk)


def test_a_mentors_empty_matches_sends_her_to_her_mentor_profile(page, live_server, mentor):
    ProfileFactory(user=mentor)
    sign_in_at(page, f"{live_server.url}/matches/", mentor.email)
    page.wait_for_url(f"{live_server.url}/matches/")
    assert page.get_by_text("No mentee proposed to you yet.").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="your mentor profile").click()
    assert page.url.startswith(f"{live_server.url}/mentors/me/")


def test_a_sponsor_reads_the_programmes_without_an_apply_button(page, live_server, sponsor):
    from tests.programmes.factories import cohort, cycle, programme

    ProfileFactory(user=sponsor)
    circle = programme(name="Emerging Leaders Circle", slug="emerging-leaders-circle")
    cohort(cycle(circle, seats=4))
    UserFactory()
    sign_in_at(page, f"{live_server.url}/programmes/", sponsor.email)
    page.wait_for_url(f"{live_server.url}/programmes/")
    assert page.get_by_text("You sponsor these programmes").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Emerging Leaders Circle").click()
    assert page.get_by_role("heading", name="How you take part").is_visible()
    assert page.get_by_role("button", name="Apply to Emerging Leaders Circle").count() == 0
