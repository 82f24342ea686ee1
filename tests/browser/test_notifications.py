"""Notifications in a real browser: the bell shows the unread count, the inbox opens from it,
a notification leads straight to its page and the count drops."""

from playwright.sync_api import expect

from portal.notifications import kinds
from portal.notifications.services import notify
from tests.browser.axe import assert_accessible
from tests.browser.steps import sign_in_at


def test_the_bell_counts_unread_and_opening_one_reads_it(page, live_server, mentee):
    notify(
        [mentee],
        kinds.WAITING_LIST_CHANGED,
        title="Back on the waiting list, first in line: Emerging Leaders Circle",
        body="You are number 1 on the Autumn list.",
        url="/programmes/applications/",
    )
    notify(
        [mentee],
        kinds.MATCH_PROPOSED,
        title="Daniel Hartmann is proposed as your mentor",
        url="/matches/",
    )
    sign_in_at(page, f"{live_server.url}/", mentee.email)
    bell = page.get_by_role("link", name="2 unread notifications")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back on the waiting list").click()
    page.wait_for_url("**/programmes/applications/")
    expect(page.get_by_role("heading", name="Your applications")).to_be_visible()
    expect(page.get_by_role("link", name="1 unread notification", exact=True)).to_be_visible()

    page.get_by_role("link", name="1 unread notification", exact=True).click()
    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_text("Marked 1 notification read.")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)
