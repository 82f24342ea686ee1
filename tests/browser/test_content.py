"""The knowledge library in a real browser: a mentee finds a playbook and plays a simulation to
its debrief; a communications editor drafts a success story, a moderator approves it, and it
appears in the feed."""

import random
import re

import pytest

from content.models import LibraryIndexPage, LibrarySectionPage, SuccessStoryPage
from portal.demo.content_seed import seed_content
from portal.demo.data import DEMO_PASSWORD
from portal.demo.services import seed_demo

MENTEE = "amara.okafor@meridian.example"
COMMUNICATIONS = "mei.chen@meridian.example"
MODERATOR = "tomas.alvarez@meridian.example"


@pytest.fixture
def demo_library(db):
    seed_demo()
    seed_content(1, random.Random(1))
    return LibraryIndexPage.objects.get()


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def _no_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_mentee_finds_a_playbook_and_plays_a_simulation(
    page, live_server, demo_library, screenshot
):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, live_server, MENTEE)
    page.goto(f"{live_server.url}/library/")
    assert page.get_by_role("heading", name="Curated collections").is_visible()
    screenshot("library-index-desktop")

    page.get_by_label("Type").select_option(label="Mentor playbook")
    page.get_by_role("button", name="Show items").click()
    page.wait_for_url("**/library/?*type=playbookpage*")
    titles = page.locator(".library-card__title").all_inner_texts()
    assert "Your first meeting as a mentor" in titles
    assert "When the relationship gets stuck" not in titles  # mentors only
    with page.expect_navigation():
        page.get_by_role("link", name="Your first meeting as a mentor").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your first meeting as a mentor"
    assert "Agree how you will work" in page.inner_text("main")

    page.goto(f"{live_server.url}/library/case-studies/two-plants-one-budget/")
    assert "Discussion questions" in page.inner_text("main")
    screenshot("library-case-study-desktop")

    page.goto(f"{live_server.url}/library/simulations/the-first-ninety-days/")
    page.get_by_role("button", name="Start the exercise").click()
    page.wait_for_url("**/play/")
    with page.expect_navigation():
        page.get_by_role("button", name="Spend two weeks visiting sites").click()
    assert "Site managers are surprised" in page.inner_text("main")
    screenshot("library-simulation-step-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    _no_overflow(page)
    screenshot("library-simulation-step-phone")
    page.get_by_role("button", name="Meet each privately").click()
    page.get_by_role("button", name="Go to the customer with the account lead").click()
    page.wait_for_url("**/debrief/")
    assert page.get_by_role("heading", name="A team that trusts you").is_visible()
    everyone = page.locator(".item-aside").inner_text()
    assert "people's first finished runs" in everyone
    assert "(your choice)" in everyone and "%" in everyone
    _no_overflow(page)
    screenshot("library-debrief-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot("library-debrief-desktop")


def test_the_library_fits_a_phone(page, live_server, demo_library, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    _sign_in(page, live_server, MENTEE)
    page.goto(f"{live_server.url}/library/")
    _no_overflow(page)
    screenshot("library-index-phone")
    page.goto(f"{live_server.url}/library/case-studies/two-plants-one-budget/")
    _no_overflow(page)
    screenshot("library-case-study-phone")


def test_a_story_goes_from_draft_through_moderation_to_the_feed(
    page, live_server, demo_library, screenshot
):
    page.set_viewport_size({"width": 1440, "height": 900})
    stories = LibrarySectionPage.objects.get(slug="stories")
    _sign_in(page, live_server, COMMUNICATIONS)
    page.goto(f"{live_server.url}/admin/pages/add/content/successstorypage/{stories.pk}/")
    page.locator("#id_title").fill("A finance director's first board year")
    page.locator("#id_summary").fill(
        "How a first-time board presenter found her voice in a year of mentoring."
    )
    page.get_by_label("Board and investor engagement").check()
    page.locator("#id_mentee_description").fill("A finance director new to the board")
    page.locator("#id_mentor_description").fill("A retired group CFO")
    page.locator("#panel-child-content-body-section button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Paragraph").first.click()
    editor = page.locator("#panel-child-content-body-section .public-DraftEditor-content").first
    editor.wait_for()
    editor.click()
    # Type only once the editor has the focus: on a busy machine the block picker's filter box
    # may still hold it, and the text would land there.
    page.wait_for_function(
        "(e) => e === document.activeElement || e.contains(document.activeElement)",
        arg=editor.element_handle(),
    )
    page.keyboard.type("They rehearsed every paper together and reviewed every meeting afterwards.")
    # Draftail copies the text into the block's hidden value input a moment after typing stops;
    # submitting before that would save an empty paragraph.
    page.wait_for_function(
        """() => [...document.querySelectorAll(
                '#panel-child-content-body-section input[name^="body-"][name$="-value"]')]
            .some((input) => input.value.includes('They rehearsed every paper'))"""
    )
    page.locator("footer").get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to Library publishing").click()
    screenshot("library-admin-submitted")
    story = SuccessStoryPage.objects.get(title="A finance director's first board year")
    assert not story.live
    assert "They rehearsed every paper" in str(story.get_latest_revision().content)

    _sign_in(page, live_server, MODERATOR)
    page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
    approve = page.get_by_role("button", name=re.compile(r"^Approve( and publish)?$", re.I))
    if not approve.first.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        approve.first.click()
    screenshot("library-admin-approved")
    story.refresh_from_db()
    assert story.live

    _sign_in(page, live_server, MENTEE)
    page.goto(f"{live_server.url}/library/feed/rss/")
    assert "A finance director's first board year" in page.content()
