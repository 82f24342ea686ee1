"""Notification emails: both parts, the site's look, a link straight to the page, unsubscribe
headers, hostile content inert, and a failing mail server retried without failing the action."""

import smtplib
from datetime import timedelta
from unittest import mock

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from portal import tasks as portal_tasks
from portal.notifications import kinds
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.factories import UserFactory


def tell(recipient, actor=None, **fields):
    (notification,) = notify(
        [recipient],
        fields.pop("kind", kinds.MATCH_ANSWERED),
        title=fields.pop("title", "Daniel accepted the proposed match"),
        body=fields.pop("body", "It starts as soon as you accept too."),
        url=fields.pop("url", "/matches/"),
        actor=actor,
    )
    return notification


def test_an_email_has_text_and_html_parts_a_link_to_the_page_and_unsubscribe_headers(
    mentee, mentor, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://lodestar.test"
    with django_capture_on_commit_callbacks(execute=True):
        notification = tell(mentee, actor=mentor)
    (message,) = mailoutbox
    assert message.to == [mentee.email]
    assert message.subject == "[Lodestar] Daniel accepted the proposed match"
    assert "https://lodestar.test/matches/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://lodestar.test/matches/"' in html and "Lodestar" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://lodestar.test/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.email == Notification.Email.SENT and notification.emailed_at


def test_a_hostile_display_name_and_subject_render_inert(
    mentee, mailoutbox, django_capture_on_commit_callbacks
):
    villain = UserFactory(first_name='<img src=x onerror="alert(1)">', last_name="<b>Evil</b>")
    with django_capture_on_commit_callbacks(execute=True):
        tell(
            mentee,
            actor=villain,
            title="Hi\r\nBcc: everyone@example.com <script>alert(2)</script>",
            body="<a href='javascript:alert(3)'>click</a>",
        )
    (message,) = mailoutbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == []
    html = message.alternatives[0][0]
    for raw in ("<img src=x", "<script>", "<b>Evil</b>", "<a href='javascript"):
        assert raw not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    # The message as it goes on the wire has one Subject header and no smuggled Bcc.
    wire = message.message().as_string()
    assert wire.count("\nSubject:") == 1 and "\nBcc:" not in wire


def test_a_failing_mail_server_is_retried_and_the_action_still_succeeds(
    mentee, mentor, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    real_send = LocmemBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(1)
        if len(calls) < 3:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    with (
        mock.patch.object(LocmemBackend, "send_messages", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = tell(mentee, actor=mentor)
    assert len(calls) == 3 and len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.email == Notification.Email.SENT and notification.email_attempts == 3
    assert mentee.email not in caplog.text  # logs name ids, never addresses


def test_after_every_attempt_fails_the_notification_stays_in_the_inbox_marked_failed(
    mentee, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(LocmemBackend, "send_messages", side_effect=OSError("refused")) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = tell(mentee)
    assert send.call_count == portal_tasks.MAX_ATTEMPTS
    notification.refresh_from_db()
    assert notification.email == Notification.Email.FAILED
    assert notification.read_at is None  # still in the inbox, unread


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_a_failed_send_waits_before_the_next_attempt(database_tasks):
    person = UserFactory()
    with mock.patch.object(LocmemBackend, "send_messages", side_effect=OSError("refused")):
        notification = tell(person)
        assert database_tasks() == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    expected = timezone.now() + portal_tasks.BACKOFF[0]
    assert abs(retry.run_after - expected) < timedelta(seconds=30)
    notification.refresh_from_db()
    assert notification.email == Notification.Email.QUEUED and notification.email_attempts == 1


def test_a_users_action_succeeds_when_the_queue_cannot_take_the_email(
    db, programme_manager, django_capture_on_commit_callbacks
):
    from django_tasks.backends.immediate import ImmediateBackend

    from portal.programmes import services as programmes
    from portal.programmes.models import Application
    from tests.programmes import factories as pf

    programme = pf.programme()
    cohort = pf.cohort(pf.cycle(programme, seats=0))
    application = programmes.apply_to_programme(pf.applicant(), programme)
    cohort.cycle.seats = 1
    cohort.cycle.save()
    with (
        mock.patch.object(ImmediateBackend, "enqueue", side_effect=RuntimeError("queue down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        programmes.admit_application(application, programme_manager, cohort)
    application.refresh_from_db()
    assert application.status == Application.Status.ADMITTED
    assert Notification.objects.filter(recipient=application.applicant).exists()
