"""The pair's page is kept in the cache per viewer and forgotten as soon as anything on it
changes: each member sees the other's changes at once, never the other's private notes, and
the hour still moves sessions from "Coming up" to "Earlier"."""

from datetime import timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.engagements import services
from portal.engagements.models import Milestone, Note, Session
from tests.engagements.conftest import csrf_from


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _page(client, engagement) -> str:
    response = client.get(f"/engagements/{engagement.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _session(engagement, person, starts_in: timedelta) -> Session:
    starts = timezone.now() + starts_in
    return services.schedule_session(
        engagement,
        person,
        {"starts_at": starts, "minutes": 60, "format": "video"},
    )


def test_a_warm_page_reads_the_engagement_and_little_else(confirmed, mentor):
    daniel = _client(mentor)
    _session(confirmed, mentor, timedelta(days=2))
    services.write_note(confirmed, mentor, Note.Tier.PAIR, "Agenda for next time")
    _page(daniel, confirmed)
    with CaptureQueriesContext(connection) as cold_again:
        _page(daniel, confirmed)
    warm = len(cold_again)
    services.write_note(confirmed, mentor, Note.Tier.PAIR, "A second note")
    with CaptureQueriesContext(connection) as rebuilt:
        page = _page(daniel, confirmed)
    assert "A second note" in page
    assert len(rebuilt) > warm  # the change was read from the database, not the old entry
    with CaptureQueriesContext(connection) as warm_again:
        _page(daniel, confirmed)
    assert len(warm_again) == warm


def test_each_member_sees_the_others_change_at_once(confirmed, mentee, mentor):
    amara, daniel = _client(mentee), _client(mentor)
    assert "No session scheduled." in _page(amara, confirmed)
    _page(daniel, confirmed)
    _session(confirmed, mentor, timedelta(days=3))
    services.write_note(confirmed, mentor, Note.Tier.PAIR, "Read the board paper first")
    page = _page(amara, confirmed)
    assert "No session scheduled." not in page
    assert "Read the board paper first" in page


def test_a_private_note_stays_its_authors_though_both_pages_are_cached(confirmed, mentee, mentor):
    amara, daniel = _client(mentee), _client(mentor)
    services.write_note(confirmed, mentee, Note.Tier.PRIVATE, "My own doubts")
    assert "My own doubts" in _page(amara, confirmed)
    assert "My own doubts" not in _page(daniel, confirmed)
    assert "My own doubts" not in _page(daniel, confirmed)  # warm
    assert "My own doubts" in _page(amara, confirmed)


def test_a_session_moves_to_earlier_when_its_hour_has_passed(confirmed, mentor):
    daniel = _client(mentor)
    _session(confirmed, mentor, timedelta(hours=2))
    page = _page(daniel, confirmed)
    assert "Coming up" in page and "Log this session" not in page
    later = timezone.now() + timedelta(hours=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        page = _page(daniel, confirmed)
    assert "Coming up" not in page and "Earlier" in page and "Log this session" in page


def test_a_name_change_reaches_the_partners_page(confirmed, mentee, mentor):
    daniel = _client(mentor)
    services.write_note(confirmed, mentee, Note.Tier.PAIR, "Thanks for today")
    assert "Amara" in _page(daniel, confirmed)
    mentee.first_name = "Ada"
    mentee.save()
    assert "Ada " in _page(daniel, confirmed)


def test_the_buttons_in_the_kept_markup_post_with_this_browsers_token(confirmed, mentee, mentor):
    goal = confirmed.goals.get()
    milestone = services.add_milestone(goal, "Draft the plan", timezone.localdate())
    session = _session(confirmed, mentor, timedelta(days=5))
    amara_at_home, amara_on_phone = _client(mentee), _client(mentee)
    _page(amara_at_home, confirmed)  # builds and keeps the markup
    page = _page(amara_on_phone, confirmed)  # another browser, another CSRF cookie
    token = csrf_from(page)
    base = f"/engagements/{confirmed.pk}"
    assert 'form="workspace-actions"' in page
    response = amara_on_phone.post(
        f"{base}/milestones/{milestone.pk}/done/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).done_at is not None
    response = amara_on_phone.post(
        f"{base}/sessions/{session.pk}/cancel/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Session.objects.get(pk=session.pk).status == Session.Status.CANCELLED
    page = _page(amara_at_home, confirmed)
    assert "Mark done" not in page and "Cancelled" in page


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_names_the_next_session_as_the_hours_pass(confirmed, mentee, mentor):
    amara, lagos = _client(mentee), ZoneInfo("Africa/Lagos")
    soon = _session(confirmed, mentor, timedelta(hours=2))
    later = _session(confirmed, mentor, timedelta(days=1, hours=2))
    assert f"{timezone.localtime(soon.starts_at, lagos):%A %-d %B, %H:%M}" in _home(amara)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=4)):
        page = _home(amara)
    assert f"{timezone.localtime(later.starts_at, lagos):%A %-d %B, %H:%M}" in page


def test_home_forgets_work_once_it_is_done(engagement, mentee, mentor):
    from portal.engagements.queries import agreement_for

    amara = _client(mentee)
    assert "Confirm your mentoring agreement" in _home(amara)
    services.confirm_agreement(engagement, mentee, agreement_for(engagement).version)
    assert "Confirm your mentoring agreement" not in _home(amara)


def test_a_warm_home_does_not_read_the_engagements_again(confirmed, mentee, mentor):
    amara = _client(mentee)
    _session(confirmed, mentor, timedelta(days=2))
    _home(amara)
    with CaptureQueriesContext(connection) as warm:
        _home(amara)
    services.write_note(confirmed, mentor, Note.Tier.PAIR, "See you Tuesday")
    with CaptureQueriesContext(connection) as rebuilt:
        _home(amara)
    assert len(rebuilt) > len(warm)
    assert not any("engagements_session" in q["sql"] for q in warm.captured_queries)


def test_my_engagements_shows_a_new_session_and_moves_on_when_it_passes(confirmed, mentee, mentor):
    amara = _client(mentee)
    assert "No session scheduled" in amara.get("/engagements/").content.decode()
    _session(confirmed, mentor, timedelta(hours=2))
    page = amara.get("/engagements/").content.decode()
    assert "Next session:" in page and "No session scheduled" not in page
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=4)):
        assert "No session scheduled" in amara.get("/engagements/").content.decode()


def test_a_managers_list_counts_the_pairs_new_notes(confirmed, mentee, programme_manager):
    sofia = _client(programme_manager)

    def notes_cell() -> str:
        page = sofia.get("/engagements/").content.decode()
        row = page.split("Daniel Hartmann and")[-1].split("</tr>")[0]
        return row.rsplit("<td>", 1)[1].split("</td>")[0]

    assert notes_cell() == "0"
    services.write_note(confirmed, mentee, Note.Tier.PRIVATE, "Mine alone")
    assert notes_cell() == "1"
