"""Agreement, goals and break-glass; home's next session; constant query counts."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

import pytest

from portal.engagements import services
from portal.engagements.models import AgreementConfirmation, EngagementLogEntry, Goal, Note
from portal.people.roles import Role
from portal.programmes import services as programme_services
from tests.engagements.conftest import csrf_from
from tests.factories import MentorProfileFactory, UserFactory


def test_the_page_says_who_has_not_confirmed_until_both_have(engagement, mentee, mentor):
    amara, daniel = Client(enforce_csrf_checks=True), Client()
    amara.force_login(mentee)
    daniel.force_login(mentor)
    url = f"/engagements/{engagement.pk}/"
    page = amara.get(url).content.decode()
    assert "Waiting for Daniel Hartmann and you to confirm" in page
    amara.post(
        f"{url}agreement/",
        {
            "csrfmiddlewaretoken": csrf_from(page),
            "version": page.split('name="version" value="')[1][:12],
        },
    )
    confirmation = AgreementConfirmation.objects.get()
    assert confirmation.person == mentee and len(confirmation.version) == 12
    assert "Waiting for you to confirm" in daniel.get(url).content.decode()
    assert "Confirm your mentoring agreement" in daniel.get("/").content.decode()
    services.confirm_agreement(engagement, mentor, confirmation.version)
    assert "Waiting for" not in daniel.get(url).content.decode()


def test_a_stale_version_is_not_recorded(engagement, mentee):
    with pytest.raises(services.EngagementError):
        services.confirm_agreement(engagement, mentee, "000000000000")
    assert not AgreementConfirmation.objects.exists()


def test_goals_are_seeded_from_the_intake_when_the_engagement_starts(engagement):
    goal = Goal.objects.get(engagement=engagement)
    assert goal.competency.slug == "strategic-thinking"
    assert goal.target_date > engagement.started_on
    assert services.seed_goals(engagement) == 0  # once


def test_either_may_edit_a_goal_and_the_history_keeps_which_fields(confirmed, mentor, client):
    goal = Goal.objects.get()
    client.force_login(mentor)
    url = f"/engagements/{confirmed.pk}/goals/{goal.pk}/"
    data = {
        "statement": goal.statement,
        "competency": goal.competency_id,
        "measure": "Board paper accepted",
        "target_date": "",
        "status": "on_track",
        "progress": "40",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Give a target date" in refused.content.decode()
    assert "Board paper accepted" in refused.content.decode()
    data["target_date"] = (timezone.localdate() + timedelta(days=90)).isoformat()
    assert client.post(url, data).status_code == 302
    entry = EngagementLogEntry.objects.get(action=services.GOAL_CHANGED)
    assert set(entry.data["fields"]) == {"measure", "target_date", "status", "progress"}
    assert "Board paper" not in str(entry.data) and "Board paper" not in entry.label


def test_break_glass_writes_exactly_one_record_the_pair_sees(
    confirmed, mentee, programme_manager, other_manager
):
    note = services.write_note(confirmed, mentee, Note.Tier.PAIR, "Worried about the reorg")
    private = services.write_note(confirmed, mentee, Note.Tier.PRIVATE, "Only mine")
    url = f"/engagements/{confirmed.pk}/notes/{note.pk}/open/"
    outsider = Client()
    outsider.force_login(other_manager)
    assert outsider.get(url).status_code == 404
    manager = Client(enforce_csrf_checks=True)
    manager.force_login(programme_manager)
    assert manager.get(f"/engagements/{confirmed.pk}/notes/{private.pk}/open/").status_code == 404
    form = manager.get(url)
    assert "Worried about the reorg" not in form.content.decode()
    csrf = csrf_from(form.content.decode())
    empty = manager.post(url, {"csrfmiddlewaretoken": csrf, "reason": ""})
    assert empty.status_code == 400 and not EngagementLogEntry.objects.exists()
    reason = "Safeguarding concern raised by HR, case 4411"
    opened = manager.post(url, {"csrfmiddlewaretoken": csrf, "reason": reason})
    assert "Worried about the reorg" in opened.content.decode()
    [entry] = EngagementLogEntry.objects.filter(action=services.NOTE_OPENED)
    assert entry.user == programme_manager and entry.data["reason"] == reason
    amara = Client()
    amara.force_login(mentee)
    assert reason in amara.get(f"/engagements/{confirmed.pk}/").content.decode()


def test_home_shows_the_next_session_in_the_viewers_time_zone(confirmed, mentor, mentee, client):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    services.schedule_session(confirmed, mentor, {"starts_at": start, "minutes": 60})
    client.force_login(mentee)
    html = client.get("/").content.decode()
    lagos = timezone.localtime(start, __import__("zoneinfo").ZoneInfo("Africa/Lagos"))
    assert f"Next session with Daniel Hartmann: {lagos:%A %-d %B, %H:%M}" in html


def _grow(engagement, mentee, mentor, programme, n):
    """n more sessions, goals and notes on the pair, and n more pairs for the manager."""
    start = timezone.now() + timedelta(days=5)
    for i in range(n):
        services.schedule_session(
            engagement, mentor, {"starts_at": start + timedelta(days=i), "minutes": 30}
        )
        services.write_note(engagement, mentee, "pair", f"note {i}")
        services.write_note(engagement, mentee, "summary", f"summary {i}")
        services.add_goal(
            engagement,
            mentee,
            {
                "statement": f"goal {i}",
                "competency_id": 1,
                "measure": "m",
                "target_date": timezone.localdate() + timedelta(days=30),
            },
        )
        other = MentorProfileFactory(capacity=2)
        programme_services.start_engagement(UserFactory(roles=[Role.MENTEE]), other, programme)


@pytest.mark.parametrize("path", ["/engagements/{pk}/", "/engagements/"])
@pytest.mark.parametrize("who", ["mentee", "programme_manager"])
def test_pages_stay_at_a_constant_number_of_queries(
    request, confirmed, mentee, mentor, programme, django_assert_max_num_queries, path, who
):
    client = Client()
    client.force_login(request.getfixturevalue(who))
    url = path.format(pk=confirmed.pk)
    _grow(confirmed, mentee, mentor, programme, 2)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    budget = len(small)  # read now: a later request clears the connection's query log
    _grow(confirmed, mentee, mentor, programme, 8)
    client.get(url)  # the new sessions changed the viewer's inbox: its count is read once again
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
