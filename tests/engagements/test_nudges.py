"""Nudges: stalled pairs are told once per window; managers see their programmes' stalled
pairs only, in constant queries."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from portal.engagements import checkins, queries, services, stalls
from portal.engagements.models import NudgeSent, Session
from portal.notifications.models import Notification
from portal.programmes import services as programme_services
from portal.programmes.models import Engagement
from tests.factories import MentorProfileFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def quiet(confirmed):
    """Started 30 days ago, no session held."""
    Engagement.objects.filter(pk=confirmed.pk).update(started_on=TODAY - timedelta(days=30))
    confirmed.refresh_from_db()
    return confirmed


def test_the_stall_rules():
    start = TODAY - timedelta(days=40)
    assert stalls.stalls(start, TODAY - timedelta(days=20), None, 0, TODAY) == []
    (stall,) = stalls.stalls(start, TODAY - timedelta(days=21), None, 0, TODAY)
    assert stall.reason == stalls.NO_SESSION
    window = checkins.Window(1, TODAY - timedelta(days=15), TODAY + timedelta(days=5))
    overdue = stalls.stalls(start, TODAY, window, 1, TODAY)
    assert [s.reason for s in overdue] == [stalls.CHECKIN_OVERDUE]
    assert stalls.stalls(start, TODAY, window, 2, TODAY) == []


def test_a_stalled_pair_is_told_once_per_window(quiet, mentee, mentor):
    assert services.send_nudges() == 1
    assert services.send_nudges() == 0
    call_command("send_nudges", stdout=StringIO())
    told = Notification.objects.filter(kind="engagements.nudge")
    assert set(told.values_list("recipient", flat=True)) == {mentee.pk, mentor.pk}
    # One stall claimed (the other row asked for the starting skills ratings, once).
    assert NudgeSent.objects.exclude(reason=services.ASSESSMENT_ASKED).count() == 1
    # A session held ends the quiet spell; a new one, three weeks later, is a new window.
    Session.objects.create(
        engagement=quiet,
        starts_at=timezone.now() - timedelta(days=25),
        minutes=60,
        status=Session.Status.HELD,
        actual_minutes=60,
    )
    assert services.send_nudges() == 1
    assert services.send_nudges() == 0


def test_an_overdue_checkin_is_a_stall(confirmed):
    # Check-in 1 opened 16 days ago (overdue after 14, still open: 21).
    started = checkins.add_months(TODAY - timedelta(days=16), -3)
    Engagement.objects.filter(pk=confirmed.pk).update(started_on=started)
    Session.objects.create(
        engagement=confirmed,
        starts_at=timezone.now() - timedelta(days=2),
        minutes=60,
        status=Session.Status.HELD,
    )
    (pair,) = queries.stalled(Engagement.objects.all())
    assert [s.reason for s in pair.stalls] == [stalls.CHECKIN_OVERDUE]


def test_ended_pairs_are_not_nudged(quiet, mentee):
    services.end_early(quiet, mentee, "It is not working for us.")
    assert services.send_nudges() == 0


def test_the_manager_sees_their_stalled_pairs_and_no_one_elses(
    quiet, programme_manager, other_manager, mentee
):
    manager = Client()
    manager.force_login(programme_manager)
    page = manager.get("/engagements/").content.decode()
    assert "Stalled pairs" in page and "No session held in 21 days" in page
    outsider = Client()
    outsider.force_login(other_manager)
    assert f"/engagements/{quiet.pk}/" not in outsider.get("/engagements/").content.decode()
    assert queries.stalled_pairs(other_manager) == []
    assert queries.stalled_pairs(mentee) == []


def test_the_stalled_list_reads_in_constant_queries(quiet, programme, programme_manager):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = queries.stalled_pairs(programme_manager)
            [r.engagement.mentor.user.get_full_name() for r in rows]
        return len(captured)

    count()  # the manager's roles are read once and kept on the user
    before = count()
    for _ in range(3):
        engagement = programme_services.start_engagement(
            UserFactory(), MentorProfileFactory(capacity=1), programme
        )
        Engagement.objects.filter(pk=engagement.pk).update(started_on=quiet.started_on)
    assert count() == before
    assert len(queries.stalled_pairs(programme_manager)) == 4
