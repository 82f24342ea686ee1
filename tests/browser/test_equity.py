"""Equity monitoring in a real browser: the sponsor reads it on a phone and on a desktop, sees
each dimension as a chart, switches to the table view and finds the small unit hidden (axe
checks every state, like every portal page)."""

import pytest

from portal.people.roles import Role
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory
from tests.insights.world import world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sponsor_reads_equity_as_charts_and_as_tables(page, live_server, screenshot):
    world()
    UserFactory(
        email="james@example.com", first_name="James", last_name="Whitfield", roles=[Role.SPONSOR]
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in_at(page, f"{live_server.url}/insights/equity/", "james@example.com")
    page.get_by_role("heading", name="Equity monitoring").wait_for()
    units = page.locator("#unit")
    # With JavaScript the chart shows first, drawn by Chart.js from the page's JSON.
    units.locator("canvas").wait_for()
    assert units.locator("canvas").is_visible()
    assert not units.get_by_role("region", name="Business unit figures").is_visible()
    assert page.evaluate("() => !!document.querySelector('#unit canvas').chart")
    screenshot("equity-sponsor-375-chart")

    toggle = units.get_by_role("button", name="Show the table")
    toggle.click()
    table = units.get_by_role("region", name="Business unit figures")
    table.wait_for()
    assert (
        units.get_by_role("button", name="Show the chart").get_attribute("aria-expanded") == "true"
    )
    finance = table.get_by_role("row", name="Finance")
    assert "30" in finance.inner_text() and "73%" in finance.inner_text()
    assert "Hidden" in table.get_by_role("row", name="Legal").inner_text()
    assert not units.locator("canvas").is_visible()
    screenshot("equity-sponsor-375-table")

    page.set_viewport_size({"width": 1440, "height": 900})
    page.reload()
    page.locator("#gender canvas").wait_for()
    page.get_by_text("below four-fifths").first.wait_for()
    screenshot("equity-sponsor-1440")
    page.locator("#location").get_by_role("button", name="Show the table").click()
    page.get_by_role("region", name="Location figures").wait_for()
    screenshot("equity-sponsor-1440-table")
    # No download for a sponsor; the definitions are one click from each column.
    assert page.get_by_role("link", name="CSV").count() == 0
    page.locator("#location").get_by_role("link", name="Eligible").click()
    assert page.url.endswith("#def-eligible")
    assert errors == []
