"""The risk register in a real browser (issue 16's "must show"): a programme manager records
a risk, tries a likelihood of 7 first and reads why it is refused with what she typed kept,
adds a mitigation, and sees the risk on the heat map; the sponsor reads it on the register
page (checked with axe, like every portal page)."""

from datetime import timedelta

from django.utils import timezone

import pytest

from portal.governance.models import Risk
from portal.people.roles import Role
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_records_a_risk_and_the_sponsor_reads_it(page, new_page, live_server, screenshot):
    manager = UserFactory(
        email="sofia@example.com",
        first_name="Sofia",
        last_name="Lindqvist",
        roles=[Role.PROGRAMME_MANAGER],
    )
    UserFactory(
        email="james@example.com", first_name="James", last_name="Whitfield", roles=[Role.SPONSOR]
    )
    programme = pf.programme(name="Executive Leadership Accelerator")
    programme.managers.add(manager)
    review_on = f"{timezone.localdate() + timedelta(days=30):%Y-%m-%d}"
    due_on = f"{timezone.localdate() + timedelta(days=14):%Y-%m-%d}"

    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_at(page, f"{live_server.url}/admin/governance/risks/new/", manager.email)
    page.locator("#id_title").fill("Senior mentors cannot keep their monthly hours")
    page.locator("#id_category").select_option(label="Time constraints")
    page.locator("#id_programme").select_option(label="Executive Leadership Accelerator")
    page.locator("#id_likelihood").fill("7")
    page.locator("#id_impact").fill("4")
    page.locator("#id_owner").select_option(label="Sofia Lindqvist")
    page.locator("#id_next_review_on").fill(review_on)
    _close_date_picker(page)
    page.get_by_role("button", name="Add mitigation").first.click()
    page.locator("#id_mitigations-0-action").fill("Protected mentoring slots")
    page.locator("#id_mitigations-0-owner").select_option(label="James Whitfield")
    page.locator("#id_mitigations-0-due_on").fill(due_on)
    _close_date_picker(page)
    page.get_by_role("button", name="Create").click()

    page.get_by_text("7 is outside that scale").wait_for()
    assert page.locator("#id_likelihood").input_value() == "7"
    assert (
        page.locator("#id_title").input_value() == "Senior mentors cannot keep their monthly hours"
    )
    assert page.locator("#id_mitigations-0-action").input_value() == "Protected mentoring slots"
    assert not Risk.objects.exists()
    screenshot("risk-likelihood-7")

    page.locator("#id_likelihood").fill("4")
    page.get_by_role("button", name="Create").click()
    page.get_by_role("link", name="Senior mentors cannot keep their monthly hours").wait_for()
    cell = page.locator("td.heat-map__cell--severe", has_text="severe (16)")
    assert cell.locator(".heat-map__count").inner_text().startswith("1")
    screenshot("risk-heat-map")
    risk = Risk.objects.get()
    assert risk.mitigations.get().owner.email == "james@example.com"

    sponsor = new_page(viewport={"width": 375, "height": 812})
    sign_in_at(sponsor, f"{live_server.url}/governance/risks/", "james@example.com")
    sponsor.get_by_role("heading", name="Senior mentors cannot keep their monthly hours").wait_for()
    sponsor.get_by_text("Protected mentoring slots (James Whitfield").wait_for()
    sponsor.get_by_text("Score 16 (severe)").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sponsor.screenshot(path=str(SCREENSHOTS / "risk-register-sponsor.png"), full_page=True)


def _close_date_picker(page):
    """Wagtail's date picker opens on focus and covers the buttons below it; a click outside
    (here in the title, far above it) closes it. Escape does not always, and on a busy machine
    the picker may open after the key."""
    page.locator("#id_title").click()
    page.wait_for_function(
        """() => ![...document.querySelectorAll('.xdsoft_datetimepicker')]
            .some((picker) => picker.offsetParent !== null)"""
    )
