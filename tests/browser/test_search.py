"""Search in a real browser: the header box, facets, a result that opens, and the page at two
widths, on the demo organisation."""

import pytest

from portal.demo.data import DEMO_PASSWORD
from portal.demo.services import seed_demo
from search import tasks

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def demo(db):
    seed_demo()
    tasks.rebuild()


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_mentee_searches_from_the_header_narrows_by_type_and_opens_a_result(
    page, live_server, demo, screenshot
):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "amara.okafor@meridian.example")
    box = page.get_by_role("searchbox", name="Search Lodestar")
    box.fill("stakeholder")
    box.press("Enter")
    page.wait_for_url("**/search/?q=stakeholder")
    count = page.locator("#results-count").inner_text()
    assert "result" in count and "Nothing found" not in count
    types = page.locator(".search-facet").first
    assert types.get_by_role("link", name="Mentor").count() == 1
    screenshot("search-results-desktop")

    types.get_by_role("link", name="Mentor").click()
    page.wait_for_url("**type=Mentor**")
    kinds = page.locator(".search-hit__type").all_inner_texts()
    assert kinds and set(kinds) == {"Mentor"}
    page.set_viewport_size(PHONE)
    screenshot("search-results-phone")
    page.set_viewport_size(DESKTOP)

    first = page.locator(".search-hit__title a").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert name in page.locator("main").inner_text()


def test_bad_input_gets_a_message_in_the_box_it_came_from(page, live_server, demo, screenshot):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "amara.okafor@meridian.example")
    page.goto(f"{live_server.url}/search/?q=" + "mentoring%20" * 30)
    assert "Shorten it to 200 characters" in page.locator(".search-form").inner_text()
    assert page.locator("#search-q").input_value().startswith("mentoring mentoring")
    page.locator("#search-q").fill("the and of")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Search").click()
    assert "too common" in page.locator("main").inner_text()
    page.locator("#search-q").fill("stakholder")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Search").click()
    # The corrected words' results are shown at once, with a way back to the words as typed.
    assert "Showing results for stakeholder" in page.locator("main").inner_text()
    assert "Nothing found" not in page.locator("#results-count").inner_text()
    with page.expect_navigation():
        page.locator(".search-suggestion a", has_text="stakholder").click()
    assert page.locator("#search-q").input_value() == "stakholder"
    screenshot("search-suggestion-phone")
