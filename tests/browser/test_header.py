"""The header in a real browser: one row on desktops, a short bar whose menu opens from the
keyboard on phones, and the sign-in page with the demo organisation's logins."""

import pytest
from playwright.sync_api import expect

from portal.demo.data import DEMO_PASSWORD
from portal.people.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory

PHONE = {"width": 375, "height": 812}

# The boxes of the header's parts, to tell whether they sit in one row without overlapping.
BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom,
    left: r.left, right: r.right, height: r.height}; };
  const one = (selector) => box(document.querySelector(selector));
  return {header: one('.site-header'), nav: one('nav[aria-label=Main]'),
    search: one('.site-search'), account: one('.account-menu'),
    items: [...document.querySelectorAll('.main-nav__item')].map(box)};
}"""


@pytest.fixture
def everyone(db):
    """A superuser with every role: the longest header anyone gets."""
    return UserFactory(
        first_name="Alexandra",
        last_name="Montgomery-Whitfield",
        roles=list(Role),
        is_superuser=True,
        is_staff=True,
    )


@pytest.fixture
def amara(db):
    return UserFactory(
        email="amara.okafor@meridian.example",
        first_name="Amara",
        last_name="Okafor",
        password=DEMO_PASSWORD,
        roles=[Role.MENTEE],
    )


def _tab_to(page, selector: str, presses: int = 12) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_the_widest_header_fits_one_row(page, live_server, everyone, width, screenshot):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_at(page, f"{live_server.url}/", everyone.email)
    page.wait_for_url(f"{live_server.url}/")
    boxes = page.evaluate(BOXES)
    item_height = max(item["height"] for item in boxes["items"])
    assert boxes["nav"]["height"] <= item_height + 1, "the navigation wraps"
    assert len({round(item["top"]) for item in boxes["items"]}) == 1
    assert boxes["header"]["height"] <= 72
    assert boxes["nav"]["right"] <= boxes["search"]["left"] <= boxes["search"]["right"]
    assert boxes["search"]["right"] <= boxes["account"]["left"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(f"header-{width}")


def test_on_a_phone_the_menu_is_one_short_bar_that_opens_by_keyboard(
    page, live_server, everyone, screenshot
):
    page.set_viewport_size(PHONE)
    sign_in_at(page, f"{live_server.url}/", everyone.email)
    page.wait_for_url(f"{live_server.url}/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 0.12 * PHONE["height"]
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.get_by_role("link", name="Mentors").is_visible()

    _tab_to(page, ".site-menu > summary")
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Mentors")).to_be_visible()
    _tab_to(page, ".nav-menu > summary")
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Programmes")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot("header-menu-open-phone")
    assert_accessible(page)

    # Escape closes the innermost menu first and gives the focus back to its button.
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Programmes")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Mentors")).to_be_hidden()
    assert page.evaluate("document.activeElement.matches('.site-menu > summary')")


def test_the_account_menu_opens_by_keyboard_and_signs_out(page, live_server, amara):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_at(page, f"{live_server.url}/", amara.email, DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    _tab_to(page, ".account-menu > summary")
    assert "Your account: Amara Okafor" in page.evaluate(
        "document.activeElement.textContent.replace(/\\s+/g, ' ')"
    )
    page.keyboard.press("Enter")
    account = page.locator(".account-menu__panel")
    assert account.get_by_role("link", name="My applications").is_visible()
    assert_accessible(page)
    page.locator("main h1").click()  # a click elsewhere closes it
    assert not account.is_visible()

    page.locator(".account-menu > summary").click()
    account.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    assert "You have signed out." in page.get_by_role("status").inner_text()


def test_a_desktop_menu_opens_with_the_keyboard_and_leads_to_its_page(page, live_server, amara):
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_at(page, f"{live_server.url}/", amara.email, DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    _tab_to(page, ".nav-menu > summary")
    page.keyboard.press("Space")
    programmes = page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes")
    assert programmes.is_visible()
    programmes.press("Enter")
    page.wait_for_url(f"{live_server.url}/programmes/")
    # The menu is closed on the new page; its button shows that the current page is inside.
    assert "is-current" in page.locator(".nav-menu > summary").get_attribute("class")
    assert page.locator('.nav-menu a[aria-current="page"]').text_content() == "Programmes"


@pytest.mark.parametrize("size", [PHONE, {"width": 1440, "height": 900}])
def test_the_sign_in_page_offers_the_demo_logins(page, live_server, amara, size, screenshot):
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}/mentors/")
    assert "Lodestar runs your organisation's mentoring" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(f"sign-in-{size['width']}")
    page.get_by_role("button", name="Continue as Amara Okafor").click()
    page.wait_for_url(f"{live_server.url}/mentors/")
