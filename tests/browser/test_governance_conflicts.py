"""A mentor declares a conflict with a mentee, the manager accepts it in the admin, and the next
matching run never pairs them and says why."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from portal.people.roles import Role
from portal.people.services import ensure_roles
from tests.browser.axe import assert_accessible
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory
from tests.matching.factories import cohort_with_people


@pytest.fixture
def setting(db):
    ensure_roles()
    manager = UserFactory(
        email="sofia@example.com",
        first_name="Sofia",
        last_name="Lindqvist",
        roles=[Role.PROGRAMME_MANAGER],
    )
    cohort, (amara,), mentors = cohort_with_people(
        mentees=1, mentors=2, capacity=2, managers=[manager]
    )
    amara.first_name, amara.last_name, amara.email = "Amara", "Okafor", "amara@example.com"
    amara.save()
    EmailAddress.objects.filter(user=amara).update(email=amara.email)
    daniel = mentors[0].user
    daniel.first_name, daniel.last_name, daniel.email = "Daniel", "Hartmann", "daniel@example.com"
    daniel.save()
    EmailAddress.objects.filter(user=daniel).update(email=daniel.email)
    return manager, cohort, amara, daniel


def _as(new_page, live_server, url, email, width=1440):
    page = new_page(viewport={"width": width, "height": 900})
    sign_in_at(page, f"{live_server.url}{url}", email)
    return page


def _shots(page, name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1440, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_a_declared_conflict_accepted_is_never_paired_and_the_run_says_why(
    new_page, live_server, setting
):
    manager, cohort, amara, daniel = setting

    mentor = _as(new_page, live_server, "/governance/conflicts/", daniel.email)
    expect(mentor.get_by_role("heading", name="Conflicts of interest")).to_be_visible()
    # Bad input first: oneself is refused on the field, and what was typed stays.
    mentor.get_by_label("The person's work email").fill(daniel.email)
    mentor.get_by_label("Kind of conflict").select_option(label="Family or personal relationship")
    mentor.get_by_role("button", name="Declare").click()
    expect(
        mentor.get_by_text("You cannot declare a conflict of interest with yourself.")
    ).to_be_visible()
    expect(mentor.get_by_label("The person's work email")).to_have_value(daniel.email)
    expect(mentor.get_by_text("You have declared no conflict of interest.")).to_be_visible()

    mentor.get_by_label("The person's work email").fill(amara.email)
    mentor.get_by_label("In a sentence (optional)").fill("Amara is my niece.")
    mentor.get_by_role("button", name="Declare").click()
    expect(mentor.get_by_text("Your conflict with Amara Okafor is declared")).to_be_visible()
    expect(mentor.locator(".conflict").get_by_text("Waiting for review")).to_be_visible()
    _shots(mentor, "governance-conflicts-declared")

    admin = _as(new_page, live_server, "/admin/", manager.email)
    expect(admin.get_by_text("1 conflict of interest to review")).to_be_visible()
    admin.goto(f"{live_server.url}/admin/governance/conflicts/")
    assert_accessible(admin)
    row = admin.locator("tr", has_text="Daniel Hartmann")
    expect(row.get_by_text("Amara is my niece.")).to_be_visible()
    row.get_by_label("Reject", exact=True).check()
    row.get_by_role("button", name="Save decision").click()
    expect(admin.get_by_text("Say why you reject it").first).to_be_visible()
    row = admin.locator("tr", has_text="Daniel Hartmann")
    row.get_by_label("Accept: never pair them").check()
    row.get_by_role("button", name="Save decision").click()
    expect(admin.get_by_text("accepted: never paired. They are told.")).to_be_visible()
    _shots(admin, "governance-conflicts-admin")

    admin.goto(f"{live_server.url}/admin/matching/")
    admin.get_by_label("Cohort").select_option(str(cohort.pk))
    admin.get_by_role("button", name="Run matching").click()
    admin.wait_for_url("**/admin/matching/runs/*/")
    expect(admin.get_by_text("Ready for review").first).to_be_visible()
    proposal = admin.locator("table.proposal tbody tr", has_text="Amara Okafor")
    never = "Never paired: Daniel Hartmann has a declared conflict of interest."
    expect(proposal.get_by_text(never)).to_be_visible()
    assert not proposal.locator("td").nth(1).inner_text().startswith("Daniel Hartmann")
    assert_accessible(admin)
    _shots(admin, "governance-conflicts-run")

    mentor.reload()
    expect(mentor.locator(".conflict").get_by_text("Accepted: never paired")).to_be_visible()
    expect(mentor.locator(".bell__count")).to_have_text("1")
