"""The HR import's staff screens: upload, the dry run's report, commit or discard; for programme
managers and superusers only, through the rendered forms (CSRF), at a constant query count."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse

import pytest

from portal.insights.models import HRImport, HRRecord
from portal.people.roles import ADMIN_ROLES, Role
from tests.factories import BusinessUnitFactory, UserFactory
from tests.insights.hr_files import csv_bytes, many, row

pytestmark = pytest.mark.django_db

INDEX = reverse("hr_import_index")


@pytest.fixture(autouse=True)
def units(db):
    BusinessUnitFactory(code="industrial", name="Industrial Solutions")


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_of(client: Client, url: str) -> str:
    body = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def upload(client: Client, data: bytes, name: str = "hr.csv"):
    """Post the file through the upload form as a browser would; the check task runs when the
    request's transaction commits, and the redirect lands on the import's page."""
    token = token_of(client, INDEX)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            INDEX, {"file": SimpleUploadedFile(name, data), "csrfmiddlewaretoken": token}
        )
    return response


def act(client: Client, run: HRImport, action: str):
    url = reverse("hr_import_detail", args=[run.pk])
    token = token_of(client, url)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {"action": action, "csrfmiddlewaretoken": token})


GOOD = [
    row("E1", "ana@staff.example", "Ana Silva"),
    row("E2", "tom@staff.example", "Tom Baker", manager_employee_id="E1"),
]


def test_a_manager_uploads_reads_the_dry_run_and_commits(programme_manager):
    client = csrf_client(programme_manager)
    response = upload(client, csv_bytes(GOOD))
    run = HRImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hr_import_detail", args=[run.pk])

    page = client.get(response["Location"]).content.decode()
    assert "Dry run" in page
    assert "Commit 2 rows" in page
    assert "Tom Baker" in page
    assert HRRecord.objects.count() == 0

    act(client, run, "commit")
    run.refresh_from_db()
    assert run.status == HRImport.Status.COMMITTED
    assert HRRecord.objects.count() == 2
    assert run.uploaded_by == programme_manager
    assert "Committed" in client.get(reverse("hr_import_detail", args=[run.pk])).content.decode()


def test_a_file_with_errors_shows_them_by_line_escaped_and_offers_a_new_upload(programme_manager):
    client = csrf_client(programme_manager)
    bad = row("E2", "tom@staff.example", "Tom", hire_date="<b>31/02/2026</b>")
    upload(client, csv_bytes([GOOD[0], bad]))
    run = HRImport.objects.get()
    page = client.get(reverse("hr_import_detail", args=[run.pk])).content.decode()
    assert "nothing was saved" in page
    assert "Line 3" in page
    assert "&lt;b&gt;31/02/2026&lt;/b&gt;" in page
    assert "<b>31/02/2026" not in page
    assert "Upload the corrected file" in page
    assert "Commit" not in page
    assert act(client, run, "commit").status_code == 302
    assert HRRecord.objects.count() == 0


def test_a_file_that_is_not_csv_or_xlsx_is_refused_on_the_form(programme_manager):
    client = csrf_client(programme_manager)
    response = upload(client, b"hello", name="people.txt")
    assert response.status_code == 400
    assert "Upload a .csv or an .xlsx file." in response.content.decode()
    assert not HRImport.objects.exists()


def test_a_discarded_import_deletes_its_file_and_saves_nothing(programme_manager):
    client = csrf_client(programme_manager)
    upload(client, csv_bytes(GOOD))
    run = HRImport.objects.get()
    assert run.file
    act(client, run, "discard")
    run.refresh_from_db()
    assert run.status == HRImport.Status.DISCARDED
    assert not run.file
    assert HRRecord.objects.count() == 0


@pytest.mark.parametrize("role", [Role.MENTEE, Role.SPONSOR, Role.COMMUNICATIONS])
def test_nobody_but_programme_managers_opens_the_import(role):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    run = HRImport.objects.create(uploaded_by=manager, file_format="csv")
    client = csrf_client(UserFactory(roles=[role]))
    for url in (INDEX, reverse("hr_import_detail", args=[run.pk]), reverse("hr_import_template")):
        response = client.get(url)
        # Staff without the role get a 403; participants never pass the admin's own gate.
        if role in ADMIN_ROLES:
            assert response.status_code == 403
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")


def test_the_template_lists_every_column(programme_manager):
    response = csrf_client(programme_manager).get(reverse("hr_import_template"))
    assert response["Content-Type"].startswith("text/csv")
    header = response.content.decode().splitlines()[0]
    assert header.startswith("employee_id,email,name,title,business_unit,level")


def test_the_report_page_costs_the_same_queries_for_two_rows_or_three_hundred(
    programme_manager, django_assert_num_queries
):
    client = csrf_client(programme_manager)
    upload(client, csv_bytes(GOOD))
    small = HRImport.objects.get()
    upload(client, csv_bytes(many(300)))
    large = HRImport.objects.exclude(pk=small.pk).get()
    client.get(reverse("hr_import_detail", args=[small.pk]))

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for run in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("hr_import_detail", args=[run.pk])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as captured:
        client.get(INDEX)
    few = len(captured)
    for _ in range(5):
        HRImport.objects.create(uploaded_by=programme_manager, file_format="csv")
    with CaptureQueriesContext(connection) as captured:
        client.get(INDEX)
    assert len(captured) == few


def test_a_file_waits_for_the_worker_with_its_progress_shown(programme_manager, database_tasks):
    client = csrf_client(programme_manager)
    upload(client, csv_bytes(many(1500)))
    run = HRImport.objects.get()
    page = client.get(reverse("hr_import_detail", args=[run.pk])).content.decode()
    assert run.status == HRImport.Status.CHECKING
    assert "Checking the file" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Commit" not in page

    assert database_tasks() == 1
    run.refresh_from_db()
    assert run.status == HRImport.Status.READY
    assert run.checked_rows == run.total_rows == 1500
    act(client, run, "commit")
    page = client.get(reverse("hr_import_detail", args=[run.pk])).content.decode()
    assert "Saving 1500 rows" in page
    assert HRRecord.objects.count() == 0

    assert database_tasks() == 1
    run.refresh_from_db()
    assert run.status == HRImport.Status.COMMITTED
    assert HRRecord.objects.count() == 1500


def test_a_manager_finds_hr_records_without_their_ratings(programme_manager):
    from portal.insights import hr_import as service

    tom = UserFactory(email="tom@staff.example")
    created = service.create_import(
        csv_bytes([*GOOD, row("E3", "mei@staff.example", "Mei Chen", performance_rating="5")]),
        "csv",
        actor=programme_manager,
    )
    service.check(created.pk)
    service.claim_commit(created)
    service.commit(created.pk, programme_manager.pk)
    client = csrf_client(programme_manager)

    page = client.get(reverse("hr_records"), {"q": "baker"}).content.decode()
    assert "Tom Baker" in page and "Ana Silva" not in page
    assert reverse("people_person", args=[tom.pk]) in page
    assert "Ready in 3 or more years" in page
    everyone = client.get(reverse("hr_records")).content.decode()
    assert "Mei Chen" in everyone
    assert "Rating" not in everyone


def test_the_records_list_costs_the_same_queries_for_three_records_or_sixty(programme_manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.insights import hr_import as service

    client = csrf_client(programme_manager)

    def imported(rows) -> int:
        created = service.create_import(csv_bytes(rows), "csv", actor=None)
        service.check(created.pk)
        service.claim_commit(created)
        service.commit(created.pk, None)
        client.get(reverse("hr_records"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("hr_records")).status_code == 200
        return len(captured)

    few = imported(many(3))
    for n in range(4, 64):
        UserFactory(email=f"employee{n}@staff.example")
    assert imported(many(60, start=4)) == few


def test_a_sponsor_cannot_list_hr_records(sponsor):
    response = csrf_client(sponsor).get(reverse("hr_records"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
