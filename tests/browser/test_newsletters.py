"""Newsletters in a real browser: communications opens "Send as newsletter" on an issue,
previews it for mentors, sends a test to herself, sends it (after the confirmation), and a
mentor finds it in their inbox."""

from playwright.sync_api import expect

from content.models import ArticlePage
from tests.browser.axe import assert_accessible
from tests.browser.steps import sign_in_at
from tests.content.factories import add_item, build_library


def test_communications_sends_an_issue_to_mentors_and_a_mentor_reads_it(
    page, new_page, live_server, communications, mentor, mentee, mailoutbox
):
    _, section = build_library()
    issue = add_item(
        section,
        ArticlePage,
        "The spring cycle is open",
        kind="newsletter",
        body=[("heading", "What is new"), ("paragraph", "<p>Mentors record strengths.</p>")],
    )
    sign_in_at(page, f"{live_server.url}/admin/pages/{issue.pk}/edit/", communications.email)
    expect(page.get_by_text("Not sent as a newsletter yet.")).to_be_visible()
    page.get_by_role("link", name="Send as newsletter").last.click()
    expect(page.get_by_role("heading", name="Choose who receives it")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Mentors", exact=True).check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("in Mentors may read this page and will receive it")).to_be_visible()
    frame = page.frame_locator("iframe[title='The email as it will be sent']")
    expect(frame.get_by_role("heading", name="The spring cycle is open")).to_be_visible()
    expect(frame.get_by_text("Mentors record strengths.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send a test to me").click()
    test_sent = f"A test copy is on its way to {communications.email}."
    expect(page.get_by_text(test_sent)).to_be_visible()
    assert [m.to for m in mailoutbox] == [[communications.email]]

    page.get_by_role("button", name="Send to Mentors…").click()
    confirmation = "Send “The spring cycle is open” to Mentors: 1 person?"
    expect(page.get_by_text(confirmation)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send to 1 person").click()
    expect(page.get_by_text("is being sent to Mentors: 1 person.")).to_be_visible()
    expect(page.get_by_text("Sent to Mentors on")).to_be_visible()
    assert_accessible(page)
    assert [m.to for m in mailoutbox] == [[communications.email], [mentor.email]]

    reader = new_page()
    sign_in_at(reader, f"{live_server.url}/notifications/", mentor.email)
    expect(reader.get_by_role("link", name="The spring cycle is open")).to_be_visible()
    reader.get_by_role("link", name="The spring cycle is open").click()
    expect(reader.get_by_role("heading", name="The spring cycle is open", level=1)).to_be_visible()
