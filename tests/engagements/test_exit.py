"""No-fault exit: either side ends early; the mentee is first on the waiting list, the
mentor's place frees and their access ends, both are told, the reason is the manager's."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

import pytest

from portal.engagements import services
from portal.engagements.models import EngagementLogEntry, Note
from portal.notifications.models import Notification
from portal.programmes import queries as programme_queries
from portal.programmes.models import Application, Engagement, MentorProfile
from tests.engagements.conftest import csrf_from
from tests.programmes import factories as pf

REASON = "Our schedules <never> line up across the time difference."


@pytest.fixture
def waiting(confirmed, programme, mentee):
    """Amara was admitted to a running cycle; two others wait, who applied before her."""
    cycle = pf.cycle(programme, seats=1)
    earlier = timezone.now() - timedelta(days=30)
    others = [
        Application.objects.create(
            programme=programme,
            cycle=cycle,
            applicant=pf.applicant(),
            status=Application.Status.WAITING,
            applied_at=earlier,
        )
        for _ in range(2)
    ]
    mine = Application.objects.create(
        programme=programme, cycle=cycle, applicant=mentee, status=Application.Status.ADMITTED
    )
    return mine, others


def _end(client: Client, engagement: Engagement, reason: str = REASON):
    url = f"/engagements/{engagement.pk}/end/"
    page = client.get(url).content.decode()
    return client.post(url, {"csrfmiddlewaretoken": csrf_from(page), "reason": reason})


def test_the_mentor_ends_early_and_the_mentee_is_first_in_line(
    waiting, confirmed, mentee, mentor, daniel
):
    Note.objects.create(engagement=confirmed, author=mentor, tier=Note.Tier.PRIVATE, text="x")
    before = programme_queries.with_mentor_load(MentorProfile.objects.filter(pk=daniel.pk)).get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentor)
    assert _end(client, confirmed).status_code == 302

    confirmed.refresh_from_db()
    assert confirmed.status == Engagement.Status.ENDED
    assert confirmed.ended_on == timezone.localdate()
    after = programme_queries.with_mentor_load(MentorProfile.objects.filter(pk=daniel.pk)).get()
    assert after.free_places == before.free_places + 1

    mine, others = waiting
    mine.refresh_from_db()
    assert mine.status == Application.Status.WAITING and mine.carried_over
    positions = programme_queries.waiting_positions([mine, *others])
    assert positions[mine.pk] == 1
    assert REASON not in mine.waiting_reason

    told = Notification.objects.filter(kind="engagements.ended")
    assert set(told.values_list("recipient", flat=True)) == {mentee.pk, mentor.pk}
    assert not any(REASON in n.body or REASON in n.title for n in told)
    # The mentor's access ended with the status; the mentee keeps her page.
    assert client.get(f"/engagements/{confirmed.pk}/").status_code == 404
    assert not Note.objects.visible_to(mentor).exists()
    amara = Client()
    amara.force_login(mentee)
    page = amara.get(f"/engagements/{confirmed.pk}/").content.decode()
    assert "Ended early" in page and "never" not in page


def test_the_reason_is_read_by_the_programme_manager_only(
    waiting, confirmed, mentee, programme_manager, other_manager
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    _end(client, confirmed)
    entry = EngagementLogEntry.objects.get(action=services.ENDED_EARLY)
    assert entry.data["by"] == "mentee"
    manager = Client()
    manager.force_login(programme_manager)
    page = manager.get(f"/engagements/{confirmed.pk}/").content.decode()
    assert "Our schedules &lt;never&gt; line up" in page  # escaped
    outsider = Client()
    outsider.force_login(other_manager)
    assert outsider.get(f"/engagements/{confirmed.pk}/").status_code == 404
    assert not EngagementLogEntry.objects.viewable_by_user(other_manager).exists()


def test_an_engagement_ends_once(waiting, confirmed, mentee, mentor):
    services.end_early(confirmed, mentee, REASON)
    with pytest.raises(services.EngagementError):
        services.end_early(Engagement.objects.get(pk=confirmed.pk), mentee, REASON)
    client = Client()
    client.force_login(mentee)
    assert client.get(f"/engagements/{confirmed.pk}/end/").status_code == 404
    assert EngagementLogEntry.objects.filter(action=services.ENDED_EARLY).count() == 1


def test_a_missing_or_short_reason_is_named_and_nothing_ends(confirmed, mentee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    empty = _end(client, confirmed, "")
    assert empty.status_code == 400
    assert "Give a reason: only the programme team reads it." in empty.content.decode()
    short = _end(client, confirmed, "no")
    assert "at least 10 characters" in short.content.decode()
    assert "no</textarea>" in short.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.status == Engagement.Status.ACTIVE


def test_others_cannot_end_it(confirmed, programme_manager, other_manager):
    for person in (programme_manager, other_manager):
        client = Client()
        client.force_login(person)
        assert client.get(f"/engagements/{confirmed.pk}/end/").status_code == 404
        assert client.post(f"/engagements/{confirmed.pk}/end/", {"reason": REASON}).status_code in (
            403,
            404,
        )
    confirmed.refresh_from_db()
    assert confirmed.status == Engagement.Status.ACTIVE
