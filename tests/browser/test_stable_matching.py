"""Stable-matching mode end to end: a programme manager switches a programme to stable mode,
runs matching, reads "stable" on the run page, runs the other mode and compares the two."""

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from portal.matching.models import MatchRun
from portal.people.models import Format
from portal.people.roles import Role
from portal.people.services import ensure_roles
from portal.programmes.models import MatchingMode
from tests.browser.axe import assert_accessible
from tests.browser.steps import sign_in_at
from tests.browser.test_matching import _shots
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
    cohort, _mentees, _mentors = cohort_with_people(
        mentees=4, mentors=2, capacity=2, managers=[manager]
    )
    cohort.cycle.programme.formats.add(Format.objects.first())
    return manager, cohort


def test_a_manager_switches_to_stable_runs_it_and_compares_both_modes(page, live_server, setting):
    manager, cohort = setting
    programme = cohort.cycle.programme
    page.set_viewport_size({"width": 1440, "height": 900})
    edit = reverse("programme_admin:edit", args=[programme.pk])
    sign_in_at(page, f"{live_server.url}{edit}", manager.email)
    expect(page.get_by_text("nobody has that reason to swap")).to_be_visible()
    page.get_by_label("Stable", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/admin/programmes/programmes/")
    programme.refresh_from_db()
    assert programme.matching_mode == MatchingMode.STABLE

    page.goto(f"{live_server.url}/admin/matching/?cohort={cohort.pk}")
    expect(page.get_by_label("The programme's own mode (stable)")).to_be_checked()
    assert_accessible(page)
    _shots(page, "matching-run-form-modes")
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_url("**/admin/matching/runs/*/")
    expect(page.get_by_text("Ready for review").first).to_be_visible()
    mode = page.locator(".run-mode")
    expect(mode).to_contain_text("Mode: stable")
    expect(mode).to_contain_text("No mentee and mentor would both rather")
    assert_accessible(page)
    _shots(page, "matching-stable-run")

    page.get_by_role("button", name="Run again as best total fit to compare").click()
    expect(page.locator(".run-mode")).to_contain_text("Mode: best total fit")
    runs = list(MatchRun.objects.order_by("pk"))
    assert [run.mode for run in runs] == ["stable", "best_fit"]
    page.get_by_role("button", name="Compare side by side").click()
    page.wait_for_url("**/admin/matching/compare/**")
    outcomes = page.locator("table.compare-outcomes")
    expect(outcomes.get_by_role("cell", name="Best total fit")).to_be_visible()
    expect(outcomes.get_by_role("cell", name="Stable", exact=True)).to_be_visible()
    expect(outcomes.get_by_role("rowheader", name="First choice")).to_be_visible()
    expect(page.get_by_text("what stability costs in this cohort")).to_be_visible()
    assert_accessible(page)
    _shots(page, "matching-compare-modes")
