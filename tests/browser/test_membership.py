"""Joining in a real browser: sign up from the organisation's domain asking to be a mentor, a
programme manager approves the request in the admin, and the new mentor has the role."""

import re

from django.core import mail

import pytest

from portal.people.models import AllowedDomain, User
from portal.people.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a-long-unusual-passphrase-42"


def test_a_sign_up_asks_to_mentor_and_a_manager_approves(page, new_page, live_server, screenshot):
    AllowedDomain.objects.create(domain="meridian.example", grant_at_once=False)
    UserFactory(
        email="sofia@meridian.example",
        first_name="Sofia",
        last_name="Lindqvist",
        roles=[Role.PROGRAMME_MANAGER],
    )
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("First name").fill("Lena")
    page.get_by_label("Last name").fill("Fischer")
    page.get_by_label("Email").fill("lena@elsewhere.example")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.locator("#id_password2").fill(PASSPHRASE)
    page.get_by_label("A mentor").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("open to the organisation's own email addresses").wait_for()
    assert_accessible(page)
    screenshot("signup-refused-phone")

    page.get_by_label("Email").fill("lena@meridian.example")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.locator("#id_password2").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Your request to be a mentor is waiting").wait_for()
    assert_accessible(page)
    screenshot("home-request-waiting-phone")

    manager = new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(manager, f"{live_server.url}/admin/people/role-requests/", "sofia@meridian.example")
    row = manager.locator("tr", has_text="Lena Fischer")
    row.get_by_role("button", name="Approve").click()
    manager.get_by_text("Lena Fischer is now a mentor.").wait_for()
    assert_accessible(manager)
    manager.screenshot(
        path=str(SCREENSHOTS / "role-requests-desktop.png"),
        full_page=True,
    )
    manager.goto(f"{live_server.url}/admin/people/?q=Fischer")
    manager.get_by_role("link", name="Lena Fischer").click()
    manager.get_by_role("heading", name="Record of changes").wait_for()
    assert manager.get_by_text("Role granted: Mentor").is_visible()
    assert_accessible(manager)
    manager.screenshot(
        path=str(SCREENSHOTS / "person-desktop.png"),
        full_page=True,
    )

    assert User.objects.get(email="lena@meridian.example").roles == [Role.MENTOR]
    page.reload()
    assert page.get_by_text("Your request to be a mentor is waiting").count() == 0
    # The header now offers what a mentor does.
    assert page.locator("a", has_text="My mentor profile").count() >= 1
