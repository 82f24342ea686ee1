"""Matching end to end: a programme manager runs, overrides and publishes; members answer."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from portal.people.roles import Role
from portal.people.services import ensure_roles
from portal.programmes.models import Application
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
    cohort, mentees, mentors = cohort_with_people(
        mentees=3, mentors=2, capacity=2, managers=[manager]
    )
    names = [("Amara", "Okafor"), ("Bruno", "Silva"), ("Chen", "Wei")]
    for person, (first, last) in zip(mentees, names, strict=True):
        person.first_name, person.last_name = first, last
        person.email = f"{first.lower()}@example.com"
        person.save()
        EmailAddress.objects.filter(user=person).update(email=person.email)
    daniel = mentors[0].user
    daniel.first_name, daniel.last_name, daniel.email = "Daniel", "Hartmann", "daniel@example.com"
    daniel.save()
    EmailAddress.objects.filter(user=daniel).update(email=daniel.email)
    return manager, cohort, mentees, mentors


def _as(new_page, live_server, url, email):
    page = new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(page, f"{live_server.url}{url}", email)
    return page


def _shots(page, name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1440, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_run_override_publish_accept_and_decline(new_page, live_server, setting):
    manager, cohort, (amara, bruno, _chen), (daniel, _other) = setting

    admin = _as(new_page, live_server, "/admin/matching/", manager.email)
    assert_accessible(admin)  # our screens inside the admin, which the axe watch leaves out
    admin.get_by_label("Cohort").select_option(str(cohort.pk))
    admin.get_by_role("button", name="Run matching").click()
    admin.wait_for_url("**/admin/matching/runs/*/")
    expect(admin.get_by_text("Ready for review").first).to_be_visible()

    admin.get_by_label("Mentee").select_option(label="Amara Okafor")
    admin.locator("#id_override-mentor").select_option(str(daniel.pk))
    admin.get_by_label("Reason").fill("Amara asked for Daniel after the launch event")
    admin.get_by_role("button", name="Override").click()
    expect(admin.get_by_text("Amara Okafor is now paired with Daniel Hartmann.")).to_be_visible()
    expect(admin.get_by_text("Amara asked for Daniel after the launch event").first).to_be_visible()
    assert_accessible(admin)
    _shots(admin, "matching-admin-proposal")
    admin.get_by_role("button", name="Publish 3 pairs…").click()
    expect(admin.get_by_role("heading", name="Publish 3 pairs?")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_label("Why publish this run?").fill("Reviewed the overrides with the cohort lead")
    admin.get_by_role("button", name="Yes, publish 3 pairs").click()
    expect(admin.get_by_text("Published 3 pairs: each mentee and mentor")).to_be_visible()

    member = _as(new_page, live_server, "/matches/", amara.email)
    expect(member.get_by_role("heading", name="Daniel Hartmann")).to_be_visible()
    expect(member.get_by_text("Why this match")).to_be_visible()
    # Members read the fit in words; the scores are the programme manager's.
    expect(member.get_by_text("A main reason").first).to_be_visible()
    assert "+" not in member.locator(".factor-bars").first.inner_text()
    _shots(member, "matching-member")
    member.get_by_role("button", name="Accept").click()
    expect(member.get_by_text("Accepted. We'll let you know")).to_be_visible()

    mentor_page = _as(new_page, live_server, "/matches/", daniel.user.email)
    card = mentor_page.locator(".match", has_text="Amara Okafor")
    card.get_by_role("button", name="Accept").click()
    expect(mentor_page.get_by_text("You're matched")).to_be_visible()
    current = mentor_page.locator(".current-mentees")
    expect(current.get_by_text("Amara Okafor")).to_be_visible()
    _shots(mentor_page, "matching-mentor")

    decliner = _as(new_page, live_server, "/matches/", bruno.email)
    decliner.get_by_role("button", name="Decline").click()
    expect(decliner.get_by_text("Say briefly why you decline")).to_be_visible()
    decliner.get_by_label("Reason (needed to decline)").fill("I start a new role next month")
    decliner.get_by_role("button", name="Decline").click()
    expect(decliner.get_by_text("You declined")).to_be_visible()

    application = Application.objects.get(applicant=bruno)
    assert application.carried_over and application.status == Application.Status.WAITING
    admin.goto(f"{live_server.url}/admin/programmes/waiting-lists/{cohort.cycle.pk}/")
    expect(admin.locator("table tbody tr").first).to_contain_text("Bruno Silva")
    assert_accessible(admin)
