"""Programme managers' waiting list in the Wagtail admin: order, decisions, who may see it."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from portal.people.models import Format
from portal.people.services import ensure_roles
from portal.programmes import services
from portal.programmes.models import Application, ApplicationEvent, Programme
from tests.programmes.factories import applicant, cohort, cycle, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(programme_manager):
    ensure_roles()
    return programme_manager


@pytest.fixture
def current(pm):
    ela = programme(name="Emerging Leaders Circle")
    ela.managers.add(pm)
    running = cycle(ela, seats=0, name="Spring 2026")
    cohort(running, "Consumer Products")
    return running


def _wait(current, days_ago: int, **person) -> Application:
    return services.apply_to_programme(
        applicant(**person), current.programme, at=timezone.now() - timedelta(days=days_ago)
    )


def _url(cycle) -> str:
    return reverse("programmes_waiting_list", args=[cycle.pk])


def test_a_programme_manager_sees_the_list_in_priority_order(client, pm, current):
    second = _wait(current, 3, first_name="Bea", last_name="Second")
    first = _wait(current, 5, first_name="Ana", last_name="First")
    client.force_login(pm)
    body = client.get(_url(current)).content.decode()
    assert body.index("Ana First") < body.index("Bea Second")
    assert "This cycle&#x27;s 0 seats are taken." in body
    assert "Director, Customer Insight" in body
    assert first.applicant.profile.business_unit.name in body
    assert second.pk


def test_a_mentee_is_sent_to_the_admin_login(client, mentee, current):
    client.force_login(mentee)
    response = client.get(_url(current))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_other_admin_users_get_403_and_no_menu_item(client, communications, pm, current):
    client.force_login(communications)
    assert client.get(_url(current)).status_code == 403
    assert client.get(reverse("programmes_waiting_lists")).status_code == 403
    assert "Waiting lists" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(pm)
    assert "Waiting lists" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_index_lists_running_and_scheduled_cycles_with_counts(client, pm, current):
    _wait(current, 1)
    client.force_login(pm)
    body = client.get(reverse("programmes_waiting_lists")).content.decode()
    assert "Emerging Leaders Circle" in body
    assert _url(current) in body


def test_admitting_from_the_list_records_the_manager(client, pm, current):
    application = _wait(current, 2)
    current.seats = 1
    current.save()
    group = current.cohorts.get()
    client.force_login(pm)
    response = client.post(
        _url(current),
        {
            "application": application.pk,
            "decision": "admit",
            "cohort": group.pk,
            "reason": "Strong fit.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.cohort) == (Application.Status.ADMITTED, group)
    event = application.events.last()
    assert (event.actor, event.reason) == (pm, "Strong fit.")


@pytest.mark.parametrize("decision", ["defer", "remove"])
def test_deferring_or_removing_without_a_reason_is_refused_and_nothing_changes(
    client, pm, current, decision
):
    application = _wait(current, 2)
    client.force_login(pm)
    response = client.post(
        _url(current), {"application": application.pk, "decision": decision, "reason": "  "}
    )
    assert response.status_code == 200
    assert "Give a reason to defer or remove" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING
    assert not ApplicationEvent.objects.filter(action=decision + "d").exists()


def test_a_refused_admission_keeps_what_was_typed(client, pm, current):
    application = _wait(current, 2)
    client.force_login(pm)
    response = client.post(
        _url(current),
        {
            "application": application.pk,
            "decision": "admit",
            "cohort": current.cohorts.get().pk,
            "reason": "Sponsor asked for it",
        },
    )
    body = response.content.decode()
    assert "has no free seat" in body
    assert 'value="Sponsor asked for it"' in body
    assert Application.objects.get().status == Application.Status.WAITING


def test_deferring_and_removing_record_the_reason(client, pm, current):
    deferred, removed = _wait(current, 3), _wait(current, 2)
    client.force_login(pm)
    client.post(
        _url(current), {"application": deferred.pk, "decision": "defer", "reason": "New role."}
    )
    client.post(
        _url(current), {"application": removed.pk, "decision": "remove", "reason": "Left us."}
    )
    deferred.refresh_from_db()
    removed.refresh_from_db()
    assert (deferred.status, deferred.waiting_reason) == ("deferred", "New role.")
    assert (removed.status, removed.waiting_reason) == ("removed", "Left us.")
    body = client.get(_url(current)).content.decode()
    assert "Deferred (1)" in body
    assert "Left us." in body  # in the decisions history


def test_an_application_of_another_cycle_cannot_be_decided_here(client, pm, current):
    other = cycle(programme(), seats=0)
    elsewhere = services.apply_to_programme(applicant(), other.programme)
    client.force_login(pm)
    response = client.post(
        _url(current), {"application": elsewhere.pk, "decision": "remove", "reason": "x"}
    )
    assert response.status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_waiting_list_runs_the_same_queries_for_5_or_40_applicants(client, pm, current):
    for n in range(5):
        _wait(current, 50 - n)
    services.defer_application(_wait(current, 60), pm, "Later.")
    client.force_login(pm)
    client.get(_url(current))  # warm per-process caches (content types, site, menu)
    five = _queries(client, _url(current))
    for n in range(35):
        _wait(current, 40 - n)
    assert Application.objects.filter(status="waiting").count() == 40
    assert _queries(client, _url(current)) == five


def test_programme_managers_can_open_the_programme_screens(client, pm, current):
    client.force_login(pm)
    for name in ("programme_admin:index", "programme_admin:add", "cycle_admin:index"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("cohort_admin:index")).status_code == 200
    body = client.get(reverse("programme_admin:edit", args=[current.programme.pk])).content
    assert b"Vice president" in body


def test_a_programme_manager_creates_a_programme_with_levels(client, pm):
    client.force_login(pm)
    response = client.post(
        reverse("programme_admin:add"),
        {
            "name": "Board Readiness",
            "slug": "board-readiness",
            "purpose": "Prepare executives for board roles.",
            "formats": [Format.objects.get(code="one_on_one").pk],
            "hours_per_month": 3,
            "duration_months": 9,
            "checkin_every_months": 3,
            "eligible_levels": ["4", "5"],
            "min_tenure_years": 5,
            "cross_unit_pairs": "on",
            "is_open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Programme.objects.get(slug="board-readiness")
    assert created.eligible_levels == [4, 5]
    assert list(created.managers.all()) == [pm]  # the manager who creates it manages it


def test_each_decision_form_carries_the_csrf_token(pm, current):
    """The rows are includes with `only`: the token must be passed in, or every decision made
    in a browser is refused by the CSRF check."""
    application = _wait(current, 2)
    client = Client(enforce_csrf_checks=True)
    client.force_login(pm)
    body = client.get(_url(current)).content.decode()
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = {"application": application.pk, "decision": "defer", "reason": "Next cycle."}
    response = client.post(_url(current), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DEFERRED
