"""The mentor catalog: only listed mentors, filters, relevance to the viewer's gaps, shortlist."""

import re

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from portal.people.catalog.queries import listing_gaps
from portal.people.models import (
    DemographicRecord,
    Format,
    Language,
    MentorProfile,
    ShortlistEntry,
)
from portal.people.roles import Role
from portal.programmes.models import Engagement
from tests.factories import MentorProfileFactory, ProfileFactory, UserFactory, goal

LIST = reverse("catalog:list")


def _detail(mentor):
    return reverse("catalog:detail", args=[mentor.pk])


def _shortlist(mentor):
    return reverse("catalog:shortlist", args=[mentor.pk])


def _mentor(first, last, **kwargs):
    user = UserFactory(first_name=first, last_name=last, roles=[Role.MENTOR])
    profile_kwargs = kwargs.pop("profile", {})
    ProfileFactory(user=user, **profile_kwargs)
    return MentorProfileFactory(user=user, **kwargs)


@pytest.fixture
def viewer(client, mentee):
    client.force_login(mentee)
    return mentee


# --- only listed mentors --------------------------------------------------------------------------

UNLISTED = {
    "incomplete (no bio)": {"bio": ""},
    "incomplete (no outcomes)": {"outcomes": ""},
    "not onboarded": {"onboarding_completed_at": None},
    "external, vetting pending": {
        "kind": MentorProfile.Kind.EXTERNAL,
        "vetting_status": MentorProfile.Vetting.PENDING,
    },
    "external, vetting rejected": {
        "kind": MentorProfile.Kind.EXTERNAL,
        "vetting_status": MentorProfile.Vetting.REJECTED,
    },
}


@pytest.mark.parametrize("state", UNLISTED.values(), ids=UNLISTED.keys())
def test_an_unlisted_mentor_is_never_shown_opened_or_shortlisted(client, viewer, state):
    listed = _mentor("Lena", "Listed")
    hidden = _mentor("Hugo", "Hidden", **state)
    body = client.get(LIST).content.decode()
    assert "Lena Listed" in body
    assert "Hugo Hidden" not in body
    assert client.get(_detail(hidden)).status_code == 404
    assert client.post(_shortlist(hidden)).status_code == 404
    assert not ShortlistEntry.objects.exists()
    assert client.get(_detail(listed)).status_code == 200


def test_a_mentor_without_strengths_is_not_listed(client, viewer):
    hidden = _mentor("Hugo", "Hidden")
    hidden.strengths.all().delete()
    assert "Hugo Hidden" not in client.get(LIST).content.decode()
    assert client.get(_detail(hidden)).status_code == 404


def test_an_approved_external_expert_is_listed(client, viewer):
    expert = _mentor(
        "Priya",
        "Raman",
        kind=MentorProfile.Kind.EXTERNAL,
        vetting_status=MentorProfile.Vetting.APPROVED,
        profile={"organisation": "Raman Leadership Advisory", "business_unit": None},
    )
    body = client.get(LIST).content.decode()
    assert "Priya Raman" in body
    assert "Raman Leadership Advisory" in body
    assert client.get(_detail(expert)).status_code == 200


@pytest.mark.parametrize("state", [{}, *UNLISTED.values()])
def test_listing_gaps_agree_with_the_catalog(db, state):
    profile = _mentor("Lena", "Listed", **state)
    is_listed = MentorProfile.objects.listed().filter(pk=profile.pk).exists()
    assert (listing_gaps(profile) == []) is is_listed


def test_the_catalog_asks_for_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_demographic_data_is_never_shown(client, viewer):
    mentor = _mentor("Lena", "Listed")
    DemographicRecord.objects.create(
        user=mentor.user,
        consented_at=timezone.now(),
        gender=DemographicRecord.Gender.SELF_DESCRIBED,
        gender_self_description="Zyxwvut",
        age_band=DemographicRecord.AgeBand.OVER_55,
    )
    for path in (LIST, _detail(mentor)):
        body = client.get(path).content.decode()
        assert "Zyxwvut" not in body
        assert "55 or over" not in body


# --- filters --------------------------------------------------------------------------------------


CARD_NAME = re.compile(r'<h3 class="mentor-card__name"[^>]*><a [^>]*>([^<]+)</a></h3>')


def _names(response):
    """The mentors' names on the cards, in the order shown."""
    return CARD_NAME.findall(response.content.decode())


def test_filters_narrow_the_catalog(client, viewer):
    one_on_one = Format.objects.get(code="one_on_one")
    shadowing = Format.objects.get(code="shadowing")
    spanish = Language.objects.get(code="es")
    ana = _mentor("Ana", "Americas", profile={"time_zone": "America/Sao_Paulo"})
    ana.formats.add(shadowing)
    ana.user.profile.languages.add(spanish)
    eve = _mentor(
        "Eve",
        "Europe",
        profile={"time_zone": "Europe/Berlin"},
        strengths={"financial-acumen": 5},
    )
    eve.formats.add(one_on_one)
    _mentor(
        "Xan",
        "External",
        kind=MentorProfile.Kind.EXTERNAL,
        vetting_status=MentorProfile.Vetting.APPROVED,
        profile={"time_zone": "Asia/Singapore"},
    )
    assert _names(client.get(LIST, {"format": "one_on_one"})) == ["Eve Europe"]
    assert _names(client.get(LIST, {"competency": "financial-acumen"})) == ["Eve Europe"]
    assert _names(client.get(LIST, {"language": "es"})) == ["Ana Americas"]
    assert _names(client.get(LIST, {"band": "americas"})) == ["Ana Americas"]
    assert _names(client.get(LIST, {"band": "asia_pacific"})) == ["Xan External"]
    assert _names(client.get(LIST, {"kind": "external"})) == ["Xan External"]
    assert sorted(_names(client.get(LIST, {"kind": "internal"}))) == ["Ana Americas", "Eve Europe"]


def test_has_free_places_leaves_out_full_mentors(client, viewer):
    full = _mentor("Fay", "Full")
    _mentor("Olu", "Open")
    for _ in range(full.capacity):
        Engagement.objects.create(mentee=UserFactory(), mentor=full)
    response = client.get(LIST, {"has_free_places": "on"})
    assert _names(response) == ["Olu Open"]
    assert "Full: 2 of 2 taken" in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    "params",
    [{"format": "carrier-pigeon"}, {"band": "mars"}, {"competency": "juggling"}, {"kind": "x"}],
)
def test_a_bad_filter_value_is_reported_not_fatal(client, viewer, params):
    _mentor("Lena", "Listed")
    response = client.get(LIST, params)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood" in body
    assert "Select a valid choice" in body
    assert _names(response) == ["Lena Listed"]


def test_a_page_number_out_of_range_shows_the_last_page(client, viewer):
    _mentor("Lena", "Listed")
    assert client.get(LIST, {"page": "99"}).status_code == 200
    assert client.get(LIST, {"page": "abc"}).status_code == 200


def test_page_links_keep_the_filters(client, viewer):
    for n in range(13):
        _mentor("Mentor", f"Number{n:02d}").formats.add(Format.objects.get(code="group"))
    response = client.get(LIST, {"format": "group"})
    assert len(response.context["page"].object_list) == 12
    assert "?format=group&amp;page=2" in response.content.decode()
    assert len(client.get(LIST, {"format": "group", "page": 2}).context["page"].object_list) == 1


# --- relevance ------------------------------------------------------------------------------------


def test_mentors_strong_in_the_largest_gap_come_first_with_the_reason(client, viewer):
    goal(viewer, "financial-acumen", 1, 4)  # gap 3: the largest
    goal(viewer, "negotiation", 2, 3)  # gap 1
    _mentor("Nia", "Negotiator", strengths={"negotiation": 5})
    _mentor("Fin", "Finance", strengths={"financial-acumen": 5})
    _mentor("Una", "Unrelated", strengths={"digital-fluency": 5})
    response = client.get(LIST)
    assert _names(response) == ["Fin Finance", "Nia Negotiator", "Una Unrelated"]
    body = response.content.decode()
    assert "Strong in Financial acumen (5), your largest gap" in body
    assert "Strong in Negotiation (5), one of your goals" in body


def test_a_higher_level_in_the_gap_ranks_higher(client, viewer):
    goal(viewer, "financial-acumen", 1, 4)
    _mentor("Low", "Level", strengths={"financial-acumen": 3})
    _mentor("High", "Level", strengths={"financial-acumen": 5})
    assert _names(client.get(LIST)) == ["High Level", "Low Level"]


def test_without_goals_mentors_go_by_free_places_then_name_and_the_intake_is_suggested(
    client, viewer
):
    busy = _mentor("Ada", "Busy")
    Engagement.objects.create(mentee=UserFactory(), mentor=busy)
    _mentor("Zed", "Zeta")
    _mentor("Bea", "Alpha")
    response = client.get(LIST)
    assert _names(response) == ["Bea Alpha", "Zed Zeta", "Ada Busy"]
    body = response.content.decode()
    assert "Add your learning goals so we can order mentors for you" in body
    assert reverse("intake:start") in body


def test_equal_relevance_goes_by_free_places(client, viewer):
    goal(viewer, "financial-acumen", 1, 4)
    busy = _mentor("Ada", "Busy", strengths={"financial-acumen": 5})
    Engagement.objects.create(mentee=UserFactory(), mentor=busy)
    _mentor("Zed", "Free", strengths={"financial-acumen": 5})
    assert _names(client.get(LIST)) == ["Zed Free", "Ada Busy"]


# --- shortlist ------------------------------------------------------------------------------------


def test_shortlisting_toggles_and_returns_to_the_page(client, viewer):
    mentor = _mentor("Lena", "Listed")
    response = client.post(_shortlist(mentor), {"next": f"{LIST}?kind=internal"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?kind=internal"
    assert ShortlistEntry.objects.filter(mentee=viewer, mentor=mentor).exists()
    body = client.get(response["Location"]).content.decode()
    assert "Lena Listed is on your shortlist." in body
    assert 'aria-pressed="true"' in body

    client.post(_shortlist(mentor))
    assert not ShortlistEntry.objects.exists()
    assert 'aria-pressed="true"' not in client.get(LIST).content.decode()


def test_the_shortlist_is_per_viewer(client, viewer):
    mentor = _mentor("Lena", "Listed")
    client.post(_shortlist(mentor))
    other = UserFactory(roles=[Role.MENTEE])
    client.force_login(other)
    assert 'aria-pressed="true"' not in client.get(LIST).content.decode()
    assert list(ShortlistEntry.objects.values_list("mentee", flat=True)) == [viewer.pk]


def test_shortlist_ignores_an_offsite_next_and_refuses_get(client, viewer):
    mentor = _mentor("Lena", "Listed")
    response = client.post(_shortlist(mentor), {"next": "https://evil.example/"})
    assert response["Location"] == _detail(mentor)
    assert client.get(_shortlist(mentor)).status_code == 405


@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_shortlist_buttons_carry_a_csrf_token_and_a_post_without_one_fails(mentee, page):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(mentee)
    mentor = _mentor("Lena", "Listed")
    assert strict.post(_shortlist(mentor)).status_code == 403
    assert not ShortlistEntry.objects.exists()
    body = strict.get(LIST if page == "list" else _detail(mentor)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert strict.post(_shortlist(mentor), {"csrfmiddlewaretoken": token}).status_code == 302
    assert ShortlistEntry.objects.filter(mentee=mentee, mentor=mentor).exists()


# --- constant queries -----------------------------------------------------------------------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _busy_mentor(n):
    mentor = _mentor(
        "Mentor",
        f"Many{n:02d}",
        strengths={"financial-acumen": 1 + n % 5, "negotiation": 3, "digital-fluency": 2},
    )
    mentor.formats.add(*Format.objects.all()[:2])
    mentor.user.profile.languages.add(*Language.objects.all()[:2])
    Engagement.objects.create(mentee=UserFactory(), mentor=mentor)
    return mentor


def _cold_and_warm(client, path):
    """Queries of a GET with empty caches, then of the same GET again (the cache filled)."""
    cache.clear()
    return _queries(client, path), _queries(client, path)


def test_list_and_detail_run_the_same_queries_however_many_mentors(
    client, viewer, django_assert_num_queries
):
    goal(viewer, "financial-acumen", 1, 4)
    goal(viewer, "negotiation", 2, 3)
    first = [_busy_mentor(n) for n in range(3)]
    ShortlistEntry.objects.create(mentee=viewer, mentor=first[0])
    client.get(LIST)  # warm per-process caches (content types, site)
    list_cold, list_warm = _cold_and_warm(client, LIST)
    detail_cold, detail_warm = _cold_and_warm(client, _detail(first[0]))
    # Once cached, a page reads only the viewer's goals and shortlist (and the session).
    assert list_warm <= list_cold - 4
    assert detail_warm <= detail_cold - 4
    for n in range(3, 33):
        _busy_mentor(n)
    for path, cold, warm in (
        (LIST, list_cold, list_warm),
        (_detail(first[0]), detail_cold, detail_warm),
    ):
        cache.clear()
        with django_assert_num_queries(cold):
            client.get(path)
        with django_assert_num_queries(warm):
            client.get(path)
