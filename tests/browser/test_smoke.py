"""The journey every person starts with: sign in as a demo mentee and reach home."""

import pytest

from portal.demo.data import DEMO_PASSWORD
from portal.demo.services import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    return seed_demo()


def _sign_in(page, live_server, email, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_demo_mentee_signs_in_and_reaches_home(page, live_server, demo, screenshot):
    mentee = next(login for login in demo.logins if login.role == "Mentee")
    _sign_in(page, live_server, mentee.email)
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Amara"
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Home").get_attribute("aria-current") == "page"
    assert nav.get_by_role("link", name="Programme admin").count() == 0
    path = screenshot("home-mentee-desktop")
    assert path.stat().st_size > 10_000


def test_a_wrong_password_shows_a_message_and_keeps_the_email(page, live_server, demo):
    _sign_in(page, live_server, "amara.okafor@meridian.example", "not-the-password")
    alert = page.get_by_role("alert")
    assert "not correct" in alert.inner_text()
    assert page.get_by_label("Email").input_value() == "amara.okafor@meridian.example"


def test_home_fits_a_phone_and_the_skip_link_comes_first(page, live_server, demo, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    _sign_in(page, live_server, "sofia.lindqvist@meridian.example")
    page.wait_for_url(f"{live_server.url}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    screenshot("home-programme-manager-phone")


def test_a_mentee_who_opens_the_admin_is_turned_away(page, live_server, demo):
    _sign_in(page, live_server, "amara.okafor@meridian.example")
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/admin/")
    assert response.status < 500
    assert "/admin/login/" in page.url or response.status == 403
