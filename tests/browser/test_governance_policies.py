"""A policy's new version, in a real browser (issue 16's charters and policies): the programme
manager publishes a new version in the admin; the mentee tries to apply, is sent to
acknowledge it, acknowledges and then applies; the manager sees the rate go up. Every page
opened is checked with axe (the autouse watch)."""

import pytest

from portal.governance import services
from portal.people.roles import Role
from portal.people.services import ensure_roles
from portal.programmes.models import Application
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory
from tests.governance.factories import current, policy
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_version_is_acknowledged_before_applying_and_the_rate_goes_up(
    page, new_page, live_server, screenshot
):
    ensure_roles()
    UserFactory(email="sofia@example.com", roles=[Role.PROGRAMME_MANAGER])
    mentee = pf.applicant(email="kwame@example.com", first_name="Kwame", last_name="Mensah")
    programme = pf.programme(name="Aurora Programme", slug="aurora")
    pf.cohort(pf.cycle(programme, seats=5), "Aurora Cohort")
    code = policy("Code of conduct", audience=[Role.MENTEE])
    services.acknowledge(mentee, [current(code)])

    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_at(
        page,
        f"{live_server.url}/admin/snippets/governance/policy/edit/{code.pk}/",
        "sofia@example.com",
    )
    page.locator("#id_summary").fill("Respect and candour, and no recording without consent.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("published").first.wait_for()
    page.goto(f"{live_server.url}/admin/governance/acknowledgements/")
    page.get_by_text("0% (0 of 1)").wait_for()

    member = new_page(viewport={"width": 375, "height": 812})
    sign_in_at(member, f"{live_server.url}/programmes/aurora/", mentee.email)
    member.get_by_role("button", name="Apply to Aurora Programme").click()
    member.get_by_role("heading", name="Policies to acknowledge").wait_for()
    member.get_by_text("version 2").first.wait_for()
    member.get_by_role("button", name="Acknowledge and continue").click()
    member.get_by_text(
        "Tick this to confirm you have read the policy and will follow it."
    ).wait_for()
    member.get_by_label("I have read Code of conduct (version 2) and will follow it.").check()
    member.get_by_role("button", name="Acknowledge and continue").click()
    member.get_by_text("your acknowledgement is recorded").wait_for()
    member.get_by_role("button", name="Apply to Aurora Programme").click()
    member.get_by_text("You applied on").wait_for()
    assert Application.objects.filter(applicant=mentee).exists()

    page.reload()
    page.get_by_text("100% (1 of 1)").wait_for()
    screenshot("acknowledgement-rates")
