"""Note text is shown exactly where its tier allows, for every role, on every path that can
show a note: the engagement page, My engagements, home, the calendar feed."""

import pytest

from portal.engagements import services
from portal.engagements.models import Note
from portal.programmes.models import Engagement

TEXT = {
    "private": "Amara-private-thought",
    "pair": "Shared-between-us",
    "summary": "Summary-for-the-programme",
    "mentor_private": "Daniel-private-thought",
}
# What each role reads on the engagement page (None: the page is a 404 for them).
SEES = {
    "author": {"private", "pair", "summary"},
    "other_member": {"mentor_private", "pair", "summary"},
    "their_manager": {"summary"},
    "superuser": {"summary"},
    "other_manager": None,
    "sponsor": None,
    "moderator": None,
    "communications": None,
    "former_mentor": None,
}
PERSON = {
    "author": "mentee",
    "other_member": "mentor",
    "their_manager": "programme_manager",
    "superuser": "superuser",
    "other_manager": "other_manager",
    "sponsor": "sponsor",
    "moderator": "moderator",
    "communications": "communications",
    "former_mentor": "mentor",
}


@pytest.fixture
def notes(engagement, mentee, mentor):
    for tier in ("private", "pair", "summary"):
        services.write_note(engagement, mentee, tier, TEXT[tier])
    services.write_note(engagement, mentor, "private", TEXT["mentor_private"])
    return engagement


def _viewer(request, role, engagement):
    if role == "former_mentor":
        Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.ENDED)
    return request.getfixturevalue(PERSON[role])


@pytest.mark.parametrize("role", SEES)
def test_the_page_shows_note_text_only_where_the_tier_allows(request, client, notes, role):
    viewer = _viewer(request, role, notes)
    client.force_login(viewer)
    response = client.get(f"/engagements/{notes.pk}/")
    expected = SEES[role]
    if expected is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    html = response.content.decode()
    for key, text in TEXT.items():
        assert (text in html) == (key in expected), (role, key)


@pytest.mark.parametrize("role", SEES)
def test_the_queryset_decides_the_same(request, notes, role):
    viewer = _viewer(request, role, notes)
    readable = set(Note.objects.visible_to(viewer).values_list("text", flat=True))
    expected = {TEXT[key] for key in (SEES[role] or set())}
    assert readable == expected


@pytest.mark.parametrize("role", SEES)
def test_lists_home_and_the_feed_never_show_note_text(request, client, notes, role):
    viewer = _viewer(request, role, notes)
    client.force_login(viewer)
    pages = [client.get("/engagements/"), client.get("/")]
    feed = services.calendar_feed(viewer)
    pages.append(client.get(f"/engagements/calendar/{feed.token}.ics"))
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert not any(text in body for text in TEXT.values())


def test_a_manager_sees_counts_by_tier_and_dates_not_text(client, notes, programme_manager):
    client.force_login(programme_manager)
    html = client.get(f"/engagements/{notes.pk}/").content.decode()
    assert "Notes by tier" in html
    assert "Open with a reason" in html  # the one shared note, by date
    assert TEXT["pair"] not in html and TEXT["private"] not in html


def test_a_mentor_whose_engagement_ended_loses_access_at_once(client, notes, mentor):
    client.force_login(mentor)
    assert client.get(f"/engagements/{notes.pk}/").status_code == 200
    Engagement.objects.filter(pk=notes.pk).update(status=Engagement.Status.ENDED)
    assert client.get(f"/engagements/{notes.pk}/").status_code == 404
    assert client.get(f"/engagements/{notes.pk}/sessions/new/").status_code == 404
    assert not Note.objects.visible_to(mentor).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, notes):
    response = client.get(f"/engagements/{notes.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_note_over_20000_characters_is_refused_and_kept(client, confirmed, mentee):
    from tests.engagements.conftest import csrf_from

    client.force_login(mentee)
    page = client.get(f"/engagements/{confirmed.pk}/").content.decode()
    text = "x" * 20_001
    response = client.post(
        f"/engagements/{confirmed.pk}/notes/",
        {"csrfmiddlewaretoken": csrf_from(page), "tier": "pair", "text": text},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 20,000 characters" in html
    assert text in html
    assert not Note.objects.exists()
