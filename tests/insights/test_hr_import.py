"""The HR import: bad files are reported by line and save nothing; a correct file updates
profiles, keeps HR-only facts and dated readiness, and takes leavers' access away."""

import io
import logging
from datetime import date, timedelta

from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry

import openpyxl
import pytest

from portal.insights import hr_import
from portal.insights.hr_import import HR_IMPORT_COMMITTED
from portal.insights.models import HRImport, HRRecord, Readiness, ReadinessChange
from portal.insights.queries import readiness_on
from portal.matching.queries import candidate_mentors
from portal.people.models import MentorProfile, Profile
from portal.people.roles import Role
from tests.factories import BusinessUnitFactory, UserFactory
from tests.insights.hr_files import HEADER, csv_bytes, many, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    return {
        "industrial": BusinessUnitFactory(code="industrial", name="Industrial Solutions"),
        "corporate": BusinessUnitFactory(code="corporate", name="Finance & Corporate Services"),
    }


def run(data: bytes, file_format: str = "csv", commit: bool = True) -> HRImport:
    """Check a file and, when it is clean and `commit`, commit it (as the screen's tasks do)."""
    created = hr_import.create_import(data, file_format, actor=None)
    checked = hr_import.check(created.pk)
    if commit and checked.status == HRImport.Status.READY:
        hr_import.claim_commit(checked)
        return hr_import.commit(checked.pk, actor_id=None)
    return checked


def command(tmp_path, data: bytes, *args: str, suffix: str = ".csv") -> str:
    path = tmp_path / f"hr{suffix}"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_people", str(path), *args, stdout=out)
    return out.getvalue()


def failing_command(tmp_path, data: bytes) -> str:
    path = tmp_path / "hr.csv"
    path.write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_people", str(path), stdout=out)
    return out.getvalue()


GOOD = [
    row("E1", "ana@staff.example", "Ana Silva", level="5", succession_readiness="ready_now"),
    row("E2", "tom@staff.example", "Tom Baker", manager_employee_id="E1"),
    row("E3", "mei@staff.example", "Mei Chen", manager_employee_id="E1", business_unit="corporate"),
]


# --- files that must save nothing ---------------------------------------------------------------

BAD_FILES = {
    "bom_then_a_bad_row": (
        b"\xef\xbb\xbf"
        + csv_bytes([GOOD[0], row("E2", "tom@staff.example", "Tom", hire_date="yesterday")]),
        "line 3, hire_date",
    ),
    "latin1": (
        csv_bytes([GOOD[0], row("E2", "joao@staff.example", "João Reis")], encoding="latin-1"),
        "line 3: This line is not UTF-8",
    ),
    "missing_column": (
        csv_bytes(GOOD, header=[name for name in HEADER if name != "hire_date"]),
        "line 1, hire_date: The file has no “hire_date” column",
    ),
    "duplicate_ids": (
        csv_bytes([*GOOD, row("E2", "other@staff.example", "Other Person")]),
        "line 5, employee_id: Employee id E2 is also on line 3",
    ),
    "impossible_date": (
        csv_bytes([GOOD[0], row("E2", "tom@staff.example", "Tom", hire_date="31/02/2026")]),
        "line 3, hire_date: “31/02/2026” is not a date",
    ),
    "unbalanced_quote": (
        csv_bytes(GOOD[:2]) + b'E9,e9@staff.example,"Broken Name,Director,industrial,2,,X,'
        b"2019-04-01,,,\nE10,e10@staff.example,Next,Director,industrial,2,,X,2019-04-01,,,\n",
        "line 4:",
    ),
    "formula_in_name": (
        csv_bytes(
            [GOOD[0], row("E2", "tom@staff.example", '=HYPERLINK("http://x.example","Tom")')]
        ),
        "line 3, name: Starts with “=”",
    ),
    "ten_megabyte_field": (
        csv_bytes([GOOD[0], row("E2", "tom@staff.example", "Tom", location="x" * 10_000_000)]),
        "line 3",
    ),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_reported_by_line_and_saves_nothing(name, units, tmp_path):
    data, expected = BAD_FILES[name]
    person = UserFactory(email="ana@staff.example")
    Profile.objects.create(user=person, job_title="Before")

    printed = failing_command(tmp_path, data)

    assert expected in printed
    assert HRRecord.objects.count() == 0
    assert ReadinessChange.objects.count() == 0
    assert Profile.objects.get(user=person).job_title == "Before"
    assert not ModelLogEntry.objects.filter(action=HR_IMPORT_COMMITTED).exists()
    # The file is not kept once it cannot be committed.
    assert not HRImport.objects.get().file


def test_a_file_with_a_bom_reads_its_first_column(units):
    result = run(b"\xef\xbb\xbf" + csv_bytes(GOOD))
    assert result.status == HRImport.Status.COMMITTED
    assert HRRecord.objects.count() == 3


def test_one_bad_row_among_hundreds_saves_none_of_them(units):
    rows = many(300)
    rows[150]["level"] = "Emperor"
    result = run(csv_bytes(rows))
    assert result.status == HRImport.Status.FAILED
    assert result.report["errors"][0][:2] == [152, "level"]
    assert "“Emperor” is not a leadership level" in result.report["errors"][0][2]
    assert HRRecord.objects.count() == 0


def test_unknown_units_and_managers_and_loops_are_named_on_their_lines(units):
    result = run(
        csv_bytes(
            [
                row("E1", "a@staff.example", "A", business_unit="Atlantis"),
                row("E2", "b@staff.example", "B", manager_employee_id="E404"),
                row("E3", "c@staff.example", "C", manager_employee_id="E4"),
                row("E4", "d@staff.example", "D", manager_employee_id="E3"),
            ]
        )
    )
    errors = {(line, column): message for line, column, message in result.report["errors"]}
    assert "No business unit is called “Atlantis”" in errors[(2, "business_unit")]
    assert "No employee E404" in errors[(3, "manager_employee_id")]
    assert "make a loop: E3 → E4 → E3" in errors[(4, "manager_employee_id")]
    assert HRRecord.objects.count() == 0


def test_the_dry_run_prints_the_diff_and_saves_nothing(units, tmp_path):
    printed = command(tmp_path, csv_bytes(GOOD), "--dry-run")
    assert "dry run, nothing saved" in printed
    assert "3 rows: 3 new, 0 changed, 0 unchanged, 0 leavers" in printed
    assert HRRecord.objects.count() == 0


# --- a correct file -------------------------------------------------------------------------------


def test_a_correct_file_updates_profiles_and_keeps_hr_facts_apart(units, tmp_path):
    ana = UserFactory(email="Ana@Staff.example")
    tom = UserFactory(email="tom@staff.example")
    Profile.objects.create(user=tom, job_title="Old title")
    data = csv_bytes([{**GOOD[0], "salary": "987654"}, *GOOD[1:]], header=[*HEADER, "salary"])

    printed = command(tmp_path, data)

    assert "3 rows: 3 new" in printed
    assert "Columns dropped unread: salary" in printed
    record = HRRecord.objects.get(employee_id="E2")
    assert record.user == tom
    assert record.hire_date == date(2019, 4, 1)
    assert record.performance_rating == 3
    profile = Profile.objects.get(user=tom)
    assert profile.job_title == "Director"
    assert profile.business_unit == units["industrial"]
    assert profile.level == Profile.Level.DIRECTOR
    assert profile.location == "Lisbon"
    assert profile.reports_to == ana
    assert profile.tenure_years == hr_import.tenure_years(date(2019, 4, 1), timezone.localdate())
    # Ana had no profile: the import gives her one; her email matched whatever its case.
    assert Profile.objects.get(user=ana).level == Profile.Level.EXECUTIVE
    # The unknown column is stored nowhere.
    stored = str(list(HRRecord.objects.values())) + str(list(HRImport.objects.values()))
    assert "987654" not in stored


def test_people_without_an_account_are_kept_as_records_only(units):
    run(csv_bytes(GOOD))
    assert HRRecord.objects.filter(user__isnull=True).count() == 3
    assert Profile.objects.count() == 0


def test_a_second_file_reports_changes_and_dates_readiness_moves(units):
    run(csv_bytes(GOOD))
    first_day = timezone.localdate()
    moved = [
        GOOD[0],
        {**GOOD[1], "succession_readiness": "ready_1_2_years", "title": "Senior Director"},
        GOOD[2],
    ]
    second = run(csv_bytes(moved), commit=False)
    assert second.report["counts"] | {} == second.report["counts"]
    counts = second.report["counts"]
    assert (counts["new"], counts["changed"], counts["unchanged"]) == (0, 1, 2)
    assert second.report["changed"][0][1] == "E2"
    assert second.report["changed"][0][3] == ["title", "succession_readiness"]
    hr_import.claim_commit(second)
    hr_import.commit(second.pk, None)

    history = list(
        ReadinessChange.objects.filter(record__employee_id="E2").values_list(
            "previous", "readiness"
        )
    )
    assert history == [("", "ready_3_plus_years"), ("ready_3_plus_years", "ready_1_2_years")]
    ReadinessChange.objects.filter(readiness="ready_3_plus_years").update(
        effective_on=first_day - timedelta(days=200)
    )
    then = HRRecord.objects.annotate(
        before=readiness_on(first_day - timedelta(days=100)), now=readiness_on(first_day)
    ).get(employee_id="E2")
    assert (then.before, then.now) == (Readiness.READY_3_PLUS, Readiness.READY_1_2)


def test_a_changed_rating_is_listed_by_column_name_only(units):
    run(csv_bytes(GOOD))
    second = run(csv_bytes([{**GOOD[0], "performance_rating": "5"}, *GOOD[1:]]), commit=False)
    assert second.report["changed"][0][3] == ["performance_rating"]
    assert "5" not in str(second.report["changed"])


def test_an_xlsx_file_imports_like_a_csv(units):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for values in GOOD:
        cells = [values[name] for name in HEADER]
        cells[HEADER.index("hire_date")] = date(2019, 4, 1)
        cells[HEADER.index("level")] = int(values["level"])
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(buffer.getvalue(), "xlsx")
    assert result.status == HRImport.Status.COMMITTED
    assert HRRecord.objects.get(employee_id="E1").level == Profile.Level.EXECUTIVE


def test_not_a_spreadsheet_is_said_so(units):
    result = run(b"PK\x03\x04 not really a zip", "xlsx")
    assert result.status == HRImport.Status.FAILED
    assert "not an Excel (XLSX) file" in result.report["errors"][0][2]


# --- leavers ------------------------------------------------------------------------------------


def test_a_leaver_is_signed_out_and_leaves_matching(units):
    leaver = UserFactory(email="tom@staff.example", roles=[Role.MENTOR])
    MentorProfile.objects.create(user=leaver)
    browser = Client()
    browser.force_login(leaver)
    assert browser.get("/me/profile/").status_code == 200
    assert candidate_mentors().filter(user=leaver).exists()

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    result = run(csv_bytes([GOOD[0], {**GOOD[1], "leaver_date": yesterday}, GOOD[2]]))

    assert result.report["counts"]["leavers"] == 1
    assert result.report["leavers"][0][1] == "E2"
    leaver.refresh_from_db()
    assert not leaver.is_active
    # The session the leaver held no longer authenticates: the page sends them to sign in.
    response = browser.get("/me/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    assert not candidate_mentors().filter(user=leaver).exists()
    assert not MentorProfile.objects.listed().filter(user=leaver).exists()


def test_a_future_leaving_date_keeps_access_until_it_passes(units):
    person = UserFactory(email="tom@staff.example")
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    result = run(csv_bytes([GOOD[0], {**GOOD[1], "leaver_date": later}]))
    assert result.report["counts"]["leavers"] == 0
    person.refresh_from_db()
    assert person.is_active


def test_a_rehired_leaver_gets_access_back(units):
    person = UserFactory(email="tom@staff.example")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    run(csv_bytes([GOOD[0], {**GOOD[1], "leaver_date": yesterday}]))
    person.refresh_from_db()
    assert not person.is_active

    back = run(csv_bytes(GOOD[:2]))
    assert back.report["counts"]["rejoined"] == 1
    person.refresh_from_db()
    assert person.is_active
    assert HRRecord.objects.get(employee_id="E2").deactivated_at is None


# --- the record of it -----------------------------------------------------------------------------


def test_the_commit_is_in_the_audit_trail_with_counts_only(units, caplog):
    manager = UserFactory(email="sofia@example.com", roles=[Role.PROGRAMME_MANAGER])
    created = hr_import.create_import(csv_bytes(GOOD), "csv", actor=manager)
    hr_import.check(created.pk)
    hr_import.claim_commit(created)
    with caplog.at_level(logging.DEBUG):
        hr_import.commit(created.pk, manager.pk)

    entry = ModelLogEntry.objects.get(action=HR_IMPORT_COMMITTED)
    assert entry.user == manager
    assert entry.object_id == str(created.pk)
    assert entry.data["new"] == 3 and entry.data["rows"] == 3
    for personal in ("Ana", "ana@staff.example", "E1", "Lisbon"):
        assert personal not in str(entry.data)
        assert personal not in caplog.text


def test_a_commit_twice_saves_once(units):
    created = hr_import.create_import(csv_bytes(GOOD), "csv", actor=None)
    hr_import.check(created.pk)
    hr_import.claim_commit(created)
    with pytest.raises(hr_import.ImportRefused):
        hr_import.claim_commit(HRImport.objects.get(pk=created.pk))


def test_the_commit_runs_in_bulk_statements_not_a_query_a_row(units):
    def queries_for(rows) -> int:
        created = hr_import.create_import(csv_bytes(rows), "csv", actor=None)
        hr_import.check(created.pk)
        hr_import.claim_commit(created)
        with CaptureQueriesContext(connection) as captured:
            hr_import.commit(created.pk, None)
        return len(captured)

    small = queries_for(many(10, start=1))
    large = queries_for(many(300, start=1000))
    # Only the database's batch size adds statements (SQLite takes fewer rows per INSERT).
    assert large < 300 / 10
    assert large - small < 10


def test_someone_who_joins_after_the_import_is_linked_to_their_record(units):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    run(csv_bytes([GOOD[0], {**GOOD[1], "leaver_date": yesterday}]))
    newcomer = UserFactory(email="Ana@staff.example")
    stranger = UserFactory(email="tom@staff.example")
    assert HRRecord.objects.get(employee_id="E1").user == newcomer
    # A leaver's record is not handed to an account made with their old address.
    assert HRRecord.objects.get(employee_id="E2").user is None
    assert stranger.is_active


def test_an_account_made_without_signals_is_linked_at_the_next_import(units):
    from portal.people.models import User

    run(csv_bytes(GOOD))
    User.objects.bulk_create([User(email="mei@staff.example", first_name="Mei", last_name="C")])
    second = run(csv_bytes(GOOD), commit=False)
    assert second.report["changed"] == [[4, "E3", "Mei Chen", ["portal account"]]]
    hr_import.claim_commit(second)
    hr_import.commit(second.pk, None)
    mei = User.objects.get(email="mei@staff.example")
    assert HRRecord.objects.get(employee_id="E3").user == mei
    assert Profile.objects.get(user=mei).business_unit == units["corporate"]


def test_managers_and_auditors_read_the_import_in_the_audit_trail_and_sponsors_do_not(units):
    from portal.governance.audit import entries_for

    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    auditor = UserFactory(roles=[Role.AUDITOR])
    sponsor = UserFactory(roles=[Role.SPONSOR])
    created = hr_import.create_import(csv_bytes(GOOD), "csv", actor=manager)
    hr_import.check(created.pk)
    hr_import.claim_commit(created)
    hr_import.commit(created.pk, manager.pk)

    def sees(user) -> bool:
        return entries_for(ModelLogEntry, user).filter(action=HR_IMPORT_COMMITTED).exists()

    assert sees(manager) and sees(auditor)
    assert not sees(sponsor)
