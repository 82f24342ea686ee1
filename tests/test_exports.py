"""No CSV the portal serves carries a live spreadsheet formula (hardening issue)."""

import csv
import io

import pytest

from portal.exports import spreadsheet_safe
from tests.content.factories import build_library
from tests.factories import UserFactory


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_value_a_spreadsheet_would_evaluate_is_written_as_text(start):
    assert spreadsheet_safe(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_ordinary_values_are_left_alone():
    assert spreadsheet_safe("Stakeholder influence") == "Stakeholder influence"
    assert spreadsheet_safe(42) == 42 and spreadsheet_safe(None) is None


def test_the_audit_trails_export_escapes_a_formula_in_a_page_title(client, db):
    index, _ = build_library()
    index.title = '=HYPERLINK("http://evil.example/","Open")'
    index.save_revision(log_action=True).publish()
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/audit-trail/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    titles = [cell for row in rows[1:] for cell in row if "HYPERLINK" in cell]
    assert titles and all(title.startswith("'=") for title in titles)
