"""Programme managers' decisions: each one recorded with who, when and why."""

import pytest

from portal.programmes import services
from portal.programmes.models import Application, ApplicationEvent, CohortMembership
from tests.programmes.factories import applicant, cohort, cycle, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    ela = programme()
    current = cycle(ela, seats=0)
    return services.apply_to_programme(applicant(), ela), current


def test_admitting_records_the_manager_and_reason_and_joins_the_cohort(waiting, programme_manager):
    application, current = waiting
    current.seats = 1
    current.save()
    group = cohort(current, "Consumer Products")

    services.admit_application(application, programme_manager, group, "Strong fit with the unit.")

    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED
    assert application.cohort == group
    assert application.waiting_reason == ""
    assert CohortMembership.objects.filter(cohort=group, user=application.applicant).exists()
    event = application.events.last()
    assert (event.action, event.actor, event.reason) == (
        "admitted",
        programme_manager,
        "Strong fit with the unit.",
    )


def test_admitting_into_a_full_cycle_is_refused(waiting, programme_manager):
    application, current = waiting
    group = cohort(current)
    with pytest.raises(services.ApplicationError, match="no free seat"):
        services.admit_application(application, programme_manager, group)
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING


def test_admitting_into_another_programmes_cohort_is_refused(waiting, programme_manager):
    application, _ = waiting
    elsewhere = cohort(cycle(programme(), seats=3))
    with pytest.raises(services.ApplicationError, match="another programme"):
        services.admit_application(application, programme_manager, elsewhere)


def test_deferring_records_the_reason_the_applicant_will_read(waiting, programme_manager):
    application, _ = waiting
    services.defer_application(application, programme_manager, "Starting a new role in May.")
    application.refresh_from_db()
    assert application.status == Application.Status.DEFERRED
    assert application.waiting_reason == "Starting a new role in May."
    event = application.events.last()
    assert (event.action, event.actor) == ("deferred", programme_manager)


def test_removing_an_admitted_applicant_also_leaves_the_cohort(waiting, programme_manager):
    application, current = waiting
    current.seats = 1
    current.save()
    services.admit_application(application, programme_manager, cohort(current))
    services.remove_application(application, programme_manager, "Left the organisation.")
    application.refresh_from_db()
    assert application.status == Application.Status.REMOVED
    assert application.cohort is None
    assert not CohortMembership.objects.exists()
    assert application.events.last().reason == "Left the organisation."


@pytest.mark.parametrize("decide", [services.defer_application, services.remove_application])
@pytest.mark.parametrize("reason", ["", "   "])
def test_deferring_or_removing_needs_a_reason(waiting, programme_manager, decide, reason):
    application, _ = waiting
    with pytest.raises(services.ApplicationError, match="Give a reason"):
        decide(application, programme_manager, reason)
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING
    assert not ApplicationEvent.objects.filter(action__in=["deferred", "removed"]).exists()


def test_only_the_applicant_may_withdraw(waiting, mentee):
    from django.core.exceptions import PermissionDenied

    application, _ = waiting
    with pytest.raises(PermissionDenied):
        services.withdraw_application(application, mentee)
    services.withdraw_application(application, application.applicant)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.events.last().actor == application.applicant
