"""The inbox: a bell with the unread count, newest first, open to read, mark all read; one's own."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from portal.notifications import kinds, queries
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.notifications.helpers import csrf_token, signed_in


def tell(person, n=1, **fields):
    made = []
    for i in range(n):
        made += notify(
            [person],
            fields.get("kind", kinds.MATCH_ANSWERED),
            title=fields.get("title", f"Update {i}"),
            body=fields.get("body", "Something changed."),
            url=fields.get("url", "/matches/"),
        )
    return made


def unread_badge(response) -> str | None:
    html = response.content.decode()
    marker = "data-unread-count>"
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_bell_shows_the_unread_count_and_the_inbox_lists_newest_first(mentee):
    older, _newer = tell(mentee, 2)
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=1))
    response = signed_in(mentee).get("/notifications/")
    assert unread_badge(response) == "2"
    html = response.content.decode()
    assert html.index("Update 1") < html.index("Update 0")


def test_opening_a_notification_reads_it_and_goes_to_its_page(mentee):
    (notification,) = tell(mentee, url="/programmes/applications/")
    client = signed_in(mentee)
    response = client.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302 and response.url == "/programmes/applications/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread_badge(client.get("/notifications/")) is None


def test_mark_all_read_through_the_page(mentee):
    tell(mentee, 3)
    client = signed_in(mentee)
    page = client.get("/notifications/")
    response = client.post(
        "/notifications/read/", {"csrfmiddlewaretoken": csrf_token(page)}, follow=True
    )
    assert "Marked 3 notifications read." in response.content.decode()
    assert unread_badge(response) is None
    assert not Notification.objects.filter(recipient=mentee, read_at__isnull=True).exists()


def test_mark_all_read_refuses_a_post_without_the_csrf_token(mentee):
    tell(mentee)
    assert signed_in(mentee).post("/notifications/read/").status_code == 403
    assert Notification.objects.filter(recipient=mentee, read_at__isnull=True).exists()


def test_another_persons_notification_is_not_found(mentee, mentor):
    (theirs,) = tell(mentor)
    assert signed_in(mentee).get(f"/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Update 0" not in signed_in(mentee).get("/notifications/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(db, client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_hostile_title_is_shown_as_text(mentee):
    tell(mentee, title="<script>alert(1)</script>", body="<img src=x onerror=alert(2)>")
    html = signed_in(mentee).get("/notifications/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_a_notification_links_only_to_this_site(mentee):
    with pytest.raises(ValueError):
        tell(mentee, url="https://evil.example/")
    with pytest.raises(ValueError):
        tell(mentee, url="//evil.example/")


def test_the_inbox_costs_the_same_queries_with_many_notifications(mentee):
    client = signed_in(mentee)

    def queries_for_inbox() -> int:
        client.get("/notifications/")  # the unread count is cached from the first page view on
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notifications/?page=2").status_code == 200
        return len(captured)

    tell(mentee, 25)
    few = queries_for_inbox()
    tell(mentee, 60)
    assert queries_for_inbox() == few


def test_the_unread_count_is_cached_per_person_and_follows_changes(mentee, mentor):
    tell(mentee, 2)
    tell(mentor, 5)
    assert queries.unread_count(mentee) == 2
    assert queries.unread_count(mentor) == 5
    tell(mentee)
    assert queries.unread_count(mentee) == 3
    with CaptureQueriesContext(connection) as captured:
        assert queries.unread_count(mentee) == 3
    assert len(captured) == 0  # from the cache until one of theirs changes
