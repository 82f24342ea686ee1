"""A programme manager imports the HR file: a first upload with an error shows the problem by
line, the corrected file's dry run shows what will change, and committing saves it."""

from portal.insights.models import HRRecord
from tests.browser.steps import sign_in_at
from tests.factories import BusinessUnitFactory, UserFactory
from tests.insights.hr_files import csv_bytes, row

ROWS = [
    row("E1", "ana@staff.example", "Ana Silva", level="5", succession_readiness="ready_now"),
    row("E2", "tom@staff.example", "Tom Baker", manager_employee_id="E1"),
    row("E3", "mei@staff.example", "Mei Chen", manager_employee_id="E1"),
]


def upload(page, data: bytes) -> None:
    page.get_by_label("HR file (CSV or XLSX)").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": data}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()


def both_widths(page, screenshot, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    # The admin's sidebar slides shut on a narrow screen: let it settle before the picture.
    page.wait_for_timeout(400)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 375px"
    screenshot(f"{name}-375")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_timeout(400)
    screenshot(f"{name}-1440")


def test_a_manager_fixes_a_bad_file_reads_the_dry_run_and_commits(
    page, live_server, programme_manager, screenshot
):
    BusinessUnitFactory(code="industrial", name="Industrial Solutions")
    tom = UserFactory(email="tom@staff.example")
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_at(page, f"{live_server.url}/admin/hr-import/", programme_manager.email)
    page.wait_for_url(f"{live_server.url}/admin/hr-import/")
    both_widths(page, screenshot, "hr-import-upload")

    broken = [ROWS[0], {**ROWS[1], "hire_date": "31/02/2026"}, ROWS[2]]
    upload(page, csv_bytes(broken))
    assert page.get_by_role("alert").filter(has_text="nothing was saved").is_visible()
    problem = page.get_by_role("row").filter(has_text="Line 3")
    assert "“31/02/2026” is not a date" in problem.inner_text()
    both_widths(page, screenshot, "hr-import-errors")
    assert HRRecord.objects.count() == 0

    upload(page, csv_bytes(ROWS))
    assert page.get_by_text("Dry run: this is what committing the file will do.").is_visible()
    summary = page.get_by_role("list", name="Summary").inner_text()
    assert "3\nrows" in summary and "3\nnew" in summary
    assert page.get_by_role("table", name="New (3)").get_by_text("Tom Baker").is_visible()
    both_widths(page, screenshot, "hr-import-dry-run")

    with page.expect_navigation():
        page.get_by_role("button", name="Commit 3 rows").click()
    assert page.get_by_text("Committed", exact=False).first.is_visible()
    assert HRRecord.objects.count() == 3
    tom.profile.refresh_from_db()
    assert tom.profile.job_title == "Director"
    both_widths(page, screenshot, "hr-import-committed")

    with page.expect_navigation():
        page.get_by_role("link", name="Back to HR import").click()
    with page.expect_navigation():
        page.get_by_role("link", name="HR records").first.click()
    page.get_by_label("Employee id, name or email").fill("Baker")
    with page.expect_navigation():
        page.get_by_role("button", name="Find").click()
    assert page.get_by_role("cell", name="Tom Baker").is_visible()
    assert page.get_by_role("link", name="Open their page").is_visible()
    both_widths(page, screenshot, "hr-records")
