"""The weekly digest: each person's digest notifications of the past week in one email, once."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from portal.notifications import kinds
from portal.notifications.models import Notification
from portal.notifications.services import notify, queue_digests
from tests.notifications.helpers import inbox_of


def waiting_change(person, title, days_ago=0):
    (made,) = notify([person], kinds.WAITING_LIST_CHANGED, title=title, url="/programmes/")
    Notification.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return made


def test_the_digest_collects_the_past_week_and_only_that(
    mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
):
    waiting_change(mentee, "Carried over to the Spring cycle", days_ago=2)
    waiting_change(mentee, "Deferred to a later cycle", days_ago=6)
    waiting_change(mentee, "Back on the waiting list, long ago", days_ago=9)
    waiting_change(mentor, "Something for Daniel", days_ago=1)
    assert mailoutbox == []  # digest kinds are not emailed at once
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests() == 2
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {mentee.email, mentor.email}
    digest = by_person[mentee.email]
    assert digest.subject == "[Lodestar] Your week on Lodestar: 2 updates"
    assert "Carried over to the Spring cycle" in digest.body
    assert "Deferred to a later cycle" in digest.body
    assert "long ago" not in digest.body
    assert "Something for Daniel" not in digest.body
    html = digest.alternatives[0][0]
    assert "Carried over to the Spring cycle" in html and "long ago" not in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Everything stays in the inbox; the old one was not sent late.
    statuses = {n.title: n.email for n in inbox_of(mentee)}
    assert statuses["Back on the waiting list, long ago"] == Notification.Email.NONE
    assert statuses["Deferred to a later cycle"] == Notification.Email.SENT


def test_running_the_digest_twice_sends_nothing_the_second_time(
    mentee, mailoutbox, django_capture_on_commit_callbacks
):
    waiting_change(mentee, "Carried over", days_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1


def test_nobody_with_nothing_for_the_digest_gets_one(mentee, mailoutbox):
    assert queue_digests() == 0
    assert mailoutbox == []
