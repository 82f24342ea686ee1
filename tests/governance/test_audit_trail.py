"""The audit trail screen: programme managers read their own programmes' entries and every
person's, the auditor reads everything and changes nothing, participants never open it; it
filters, searches and exports (the export itself recorded), and no entry can be changed."""

import csv
import io
from datetime import timedelta

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

import pytest

from portal.exports import EXPORTED
from portal.governance import audit
from portal.matching import services as matching
from portal.people import services as people
from portal.people.models import PersonLogEntry, User
from portal.people.roles import (
    Role,
    addresses_every_programme,
    grantable_roles,
    may_manage_people,
    may_manage_programmes,
    may_nominate,
    may_open_audit_trail,
)
from portal.programmes import services as programmes
from portal.programmes.models import ProgrammeLogEntry
from tests.content.factories import build_library
from tests.factories import UserFactory
from tests.matching.factories import cohort_with_people

pytestmark = pytest.mark.django_db

TRAIL = "/admin/audit-trail/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv(response) -> list[dict]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def _published(word: str, manager) -> dict:
    """A programme named with `word`, managed by `manager`, with a published run."""
    cohort, _, _ = cohort_with_people(
        mentees=2, mentors=1, managers=[manager], name=f"{word} Programme", slug=word.lower()
    )
    run = matching.run_matching(cohort, manager)
    matching.publish_run(run, manager, f"{word}: reviewed with the cohort lead.")
    return {"cohort": cohort, "run": run}


@pytest.fixture
def world(programme_manager):
    bob = UserFactory(first_name="Bob", last_name="Brown", roles=[Role.PROGRAMME_MANAGER])
    aurora = _published("Aurora", programme_manager)
    zenith = _published("Zenith", bob)
    newcomer = UserFactory(first_name="Nadia", last_name="Newcomer", roles=[Role.MENTEE])
    people.change_roles(newcomer, bob, [Role.SPONSOR], (), "Joins the steering group.")
    return {"sofia": programme_manager, "bob": bob, "aurora": aurora, "zenith": zenith}


def test_a_manager_reads_their_programmes_entries_and_every_persons_but_no_other_programmes(
    world,
):
    page = _client(world["sofia"]).get(TRAIL).content.decode()
    assert "Aurora: reviewed with the cohort lead." in page
    assert "Match run published" in page and "Strengths cover the mentee" in page
    assert "Joins the steering group." in page  # people are one pool
    assert "Zenith" not in page
    rows = _csv(_client(world["sofia"]).get(TRAIL + "?export=csv"))
    assert {row["Reason"] for row in rows} >= {"Aurora: reviewed with the cohort lead."}
    assert not any("Zenith" in value for row in rows for value in row.values())


def test_the_trail_reads_in_a_constant_number_of_queries_as_entries_grow(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world["sofia"])
    client.get(TRAIL)  # the session, the user, content types: once per test

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TRAIL).status_code == 200
        return len(captured)

    before = queries()
    for n in range(12):
        _published(f"Aurora{n}", world["sofia"])
        people.change_roles(
            UserFactory(roles=[Role.MENTEE]), world["sofia"], [Role.SPONSOR], (), f"Board {n}."
        )
    assert queries() == before


def test_the_auditor_reads_every_entry_and_exports_them_and_the_export_is_recorded(world, auditor):
    client = _client(auditor)
    page = client.get(TRAIL).content.decode()
    for text in ("Aurora: reviewed", "Zenith: reviewed", "Joins the steering group."):
        assert text in page
    rows = _csv(client.get(TRAIL + f"?export=csv&action={matching.RUN_PUBLISHED}"))
    assert {row["Reason"] for row in rows} == {
        "Aurora: reviewed with the cohort lead.",
        "Zenith: reviewed with the cohort lead.",
    }
    assert {row["User"] for row in rows} == {"Sofia Lindqvist", "Bob Brown"}
    assert all("Weights: " in row["Details"] for row in rows)
    assert all("Leadership style the mentee asked for: 1" in row["Details"] for row in rows)
    (recorded,) = PersonLogEntry.objects.filter(action=EXPORTED, user=auditor)
    assert recorded.data["list"] == "Audit trail" and recorded.data["rows"] == 2
    assert recorded.data["filters"] == {"action": matching.RUN_PUBLISHED}
    xlsx = client.get(TRAIL + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert PersonLogEntry.objects.filter(action=EXPORTED, user=auditor).count() == 2
    # The export is itself in the trail, for managers too.
    assert "Exported a list" in _client(world["sofia"]).get(TRAIL).content.decode()


def test_the_trail_filters_by_action_person_date_and_type_and_searches_reasons(world, auditor):
    client = _client(auditor)
    published = client.get(TRAIL + f"?action={matching.RUN_PUBLISHED}").content.decode()
    assert "Aurora: reviewed" in published and "Joins the steering group." not in published
    by_bob = client.get(TRAIL + f"?user={world['bob'].pk}").content.decode()
    assert "Zenith: reviewed" in by_bob and "Aurora: reviewed" not in by_bob
    person = ContentType.objects.get_for_model(User)
    people_only = client.get(TRAIL + f"?object_type={person.pk}").content.decode()
    assert "Joins the steering group." in people_only and "Aurora: reviewed" not in people_only
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = client.get(TRAIL + f"?timestamp_from={tomorrow}").content.decode()
    assert "Aurora: reviewed" not in future and "No entries match" in future
    today = timezone.localdate().isoformat()
    assert "Aurora: reviewed" in client.get(TRAIL + f"?timestamp_from={today}").content.decode()
    found = client.get(TRAIL + "?q=steering").content.decode()
    assert "Joins the steering group." in found and "Aurora: reviewed" not in found
    results = client.get(reverse("governance_audit_trail_results") + "?q=Zenith").content.decode()
    assert "Zenith: reviewed" in results and "<html" not in results


def test_participants_never_open_the_trail(client, mentee, mentor, sponsor):
    for person in (mentee, mentor, sponsor):
        assert not may_open_audit_trail(person)
        client.force_login(person)
        assert client.get(TRAIL).status_code in (302, 403)
        assert client.get(TRAIL + "?export=csv").status_code in (302, 403)
    assert not PersonLogEntry.objects.filter(action=EXPORTED).exists()


def test_site_history_leads_to_the_trail(auditor):
    response = _client(auditor).get("/admin/reports/site-history/?action=x")
    assert response.status_code == 302 and response["Location"] == TRAIL + "?action=x"
    menu = _client(auditor).get("/admin/").content.decode()
    assert "Audit trail" in menu and "Site history" not in menu


def test_the_auditors_desk_shows_the_latest_entries(world, auditor):
    desk = _client(auditor).get("/admin/").content.decode()
    assert "The latest entries in the audit trail" in desk
    assert "Joins the steering group." in desk and "Zenith: reviewed" in desk
    assert "The latest entries" not in _client(world["sofia"]).get("/admin/").content.decode()


def test_the_auditor_may_change_nothing(auditor, client):
    assert auditor.get_all_permissions() == {"wagtailadmin.access_admin"}
    assert not auditor.groups.get().page_permissions.exists()
    assert not (
        may_manage_programmes(auditor)
        or may_manage_people(auditor)
        or addresses_every_programme(auditor)
        or may_nominate(auditor)
    )
    assert grantable_roles(auditor) == frozenset()
    client.force_login(auditor)
    for name in ("matching_index", "programmes_waiting_lists", "people_index", "people_invite"):
        assert client.get(reverse(name)).status_code == 403, name
        assert client.post(reverse(name), {}).status_code == 403, name
    assert client.get("/admin/pages/").status_code in (302, 403)
    assert client.get("/django-admin/").status_code == 302


def test_only_a_superuser_gives_the_auditor_role(programme_manager, mentee):
    with pytest.raises(people.MembershipError):
        people.change_roles(mentee, programme_manager, [Role.AUDITOR], (), "Please.")
    superuser = UserFactory(is_superuser=True, is_staff=True)
    people.change_roles(mentee, superuser, [Role.AUDITOR], (), "Appointed by the board.")
    assert mentee.has_role(Role.AUDITOR)
    (entry,) = PersonLogEntry.objects.filter(action=people.ROLE_GRANTED, data__role="Auditor")
    assert entry.user == superuser and entry.data["reason"] == "Appointed by the board."


# --- append-only ------------------------------------------------------------------------------


def _one_entry_per_log_model(user) -> list:
    index, _ = build_library()
    index.save_revision(user=user, log_action=True).publish(user=user)
    application = cohort_with_people(mentees=1, mentors=1)[1][0].applications.first()
    log(instance=application, action=programmes.APPLICATION_ADMITTED, user=user)
    log(instance=user, action=people.ROLE_GRANTED, user=user, data={"role": "Mentee"})
    log(instance=ContentType.objects.first(), action="wagtail.edit", user=user)
    entries = [model.objects.order_by("-pk").first() for model in audit.log_models()]
    return [entry for entry in entries if entry is not None]


def test_no_entry_can_be_changed_or_deleted_through_the_orm(programme_manager):
    entries = _one_entry_per_log_model(programme_manager)
    kinds = {type(entry) for entry in entries}
    assert {PageLogEntry, ModelLogEntry, ProgrammeLogEntry, PersonLogEntry} <= kinds
    for entry in entries:
        model = type(entry)
        entry.label = "Something else"
        for attempt in (
            entry.save,
            entry.delete,
            lambda: model.objects.filter(pk=entry.pk).update(label="Rewritten"),  # noqa: B023
            lambda: model.objects.filter(pk=entry.pk).delete(),  # noqa: B023
            lambda: model.objects.bulk_update([entry], ["label"]),  # noqa: B023
        ):
            with pytest.raises(audit.AuditTrailIsAppendOnly), transaction.atomic():
                attempt()
        entry.refresh_from_db()
        assert entry.label != "Something else"


def test_wagtail_still_logs_and_deletes_what_the_entries_are_about(programme_manager):
    _, section = build_library()
    section.title = "Renamed"
    section.save_revision(user=programme_manager, log_action=True).publish(user=programme_manager)
    child_id = section.pk
    Page.objects.get(pk=child_id).delete(user=programme_manager)
    assert PageLogEntry.objects.filter(page_id=child_id, action="wagtail.delete").exists()
    before = PersonLogEntry.objects.count()
    gone = UserFactory(roles=[Role.MENTEE])
    people.change_roles(gone, programme_manager, [Role.SPONSOR], (), "Briefly.")
    gone.delete()
    assert PersonLogEntry.objects.count() == before + 1  # the entry outlives the person
    # Django clears an entry's type when its content type goes (Wagtail's SET_NULL).
    kind = ContentType.objects.create(app_label="gone", model="gone")
    ModelLogEntry.objects.create(
        content_type=kind,
        object_id="1",
        label="Gone",
        action="wagtail.edit",
        timestamp=timezone.now(),
    )
    kind.delete()
    assert ModelLogEntry.objects.get(label="Gone").content_type is None


def test_no_screen_edits_or_deletes_an_entry():
    log_models = set(audit.log_models())
    assert not log_models & set(admin.site._registry)
    from tests.test_staff_scoping import staff_routes

    for route, name, _ in staff_routes():
        assert "logentry" not in route.replace("_", "").lower(), route
        if "audit-trail" in route:
            assert name in ("governance_audit_trail", "governance_audit_trail_results")
