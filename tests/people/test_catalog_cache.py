"""The mentor catalog's cache: every change shows at once, and no viewer sees another's part."""

import re

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

import pytest

from portal import generations
from portal.people.catalog import cache as catalog_cache
from portal.people.catalog import queries as catalog
from portal.people.intake.services import replace_goals
from portal.people.models import (
    BusinessUnit,
    Competency,
    Format,
    Language,
    MentorProfile,
    ShortlistEntry,
)
from portal.people.roles import Role
from portal.programmes.models import Engagement
from tests.factories import MentorProfileFactory, ProfileFactory, UserFactory, goal

LIST = reverse("catalog:list")
CARD_NAME = re.compile(r'<h3 class="mentor-card__name"[^>]*><a [^>]*>([^<]+)</a></h3>')


def _detail(mentor):
    return reverse("catalog:detail", args=[mentor.pk])


def _mentor(first, last, **kwargs):
    user = UserFactory(first_name=first, last_name=last, roles=[Role.MENTOR])
    ProfileFactory(user=user, **kwargs.pop("profile", {}))
    return MentorProfileFactory(user=user, **kwargs)


def _body(client, path=LIST, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def _names(client, **params):
    """The mentors' names on the cards, in the order shown."""
    return CARD_NAME.findall(_body(client, **params))


@pytest.fixture
def viewer(client, mentee):
    client.force_login(mentee)
    return mentee


@pytest.fixture
def lena(viewer):
    return _mentor("Lena", "Listed", capacity=2, profile={"job_title": "Chief Risk Officer"})


def _warm(client, mentor):
    """Both pages once, so what follows reads them from the cache."""
    _body(client)
    _body(client, _detail(mentor))


# --- what mentors change shows at once ------------------------------------------------------------


def test_a_capacity_change_shows_at_once(client, lena):
    _warm(client, lena)
    assert "2 of 2 places free" in _body(client)
    lena.capacity = 4
    lena.save()
    assert "4 of 4 places free" in _body(client)
    assert "4 of 4 places free" in _body(client, _detail(lena))


def test_an_engagement_fills_a_place_at_once(client, lena):
    _warm(client, lena)
    assert _names(client, has_free_places="on") == ["Lena Listed"]
    first = Engagement.objects.create(mentee=UserFactory(), mentor=lena)
    assert "1 of 2 places free" in _body(client, _detail(lena))
    Engagement.objects.create(mentee=UserFactory(), mentor=lena)
    assert "Full: 2 of 2 taken" in _body(client)
    assert _names(client, has_free_places="on") == []
    first.status = Engagement.Status.COMPLETED
    first.save()
    assert "1 of 2 places free" in _body(client)
    assert _names(client, has_free_places="on") == ["Lena Listed"]


def test_a_mentor_editing_their_profile_shows_at_once(client, lena):
    viewer_client = client
    _warm(viewer_client, lena)
    own = Client()
    own.force_login(lena.user)
    response = own.post(
        reverse("catalog:edit_profile"),
        {
            "leadership_style": "challenger",
            "functions": [],
            "industries": "",
            "formats": [Format.objects.get(code="shadowing").pk],
            "availability": ["morning"],
            "capacity": "3",
            "monthly_hours": "6",
            "outcomes": "Calmer boards.",
            "bio": "Newly rewritten biography.",
            "strengths-TOTAL_FORMS": "1",
            "strengths-INITIAL_FORMS": "0",
            "strengths-MIN_NUM_FORMS": "1",
            "strengths-MAX_NUM_FORMS": "8",
            "strengths-0-competency": Competency.objects.get(slug="negotiation").pk,
            "strengths-0-level": "5",
        },
    )
    assert response.status_code == 302
    card = _body(viewer_client)
    assert "Negotiation" in card
    assert "Shadowing" in card
    assert "3 of 3 places free" in card
    page = _body(viewer_client, _detail(lena))
    assert "Newly rewritten biography." in page
    assert "Calmer boards." in page


def test_a_new_photo_shows_at_once(client, lena):
    _warm(client, lena)
    lena.photo.name = "mentors/portrait.jpg"
    lena.save()
    assert 'src="/media/mentors/portrait.jpg"' in _body(client)
    assert 'src="/media/mentors/portrait.jpg"' in _body(client, _detail(lena))


def test_changes_to_the_person_and_their_career_profile_show_at_once(client, lena):
    _warm(client, lena)
    lena.user.last_name = "Renamed"
    lena.user.save()
    profile = lena.user.profile
    profile.job_title = "Group Treasurer"
    profile.save()
    profile.languages.add(Language.objects.get(code="es"))
    assert "Lena Renamed" in _body(client)
    assert "Group Treasurer" in _body(client)
    page = _body(client, _detail(lena))
    assert "Lena Renamed" in page
    assert "Spanish" in page
    assert _names(client, language="es") == ["Lena Renamed"]


def _remove_strengths(mentor):
    mentor.strengths.all().delete()


def _undo_onboarding(mentor):
    mentor.onboarding_completed_at = None
    mentor.save()


def _deactivate(mentor):
    mentor.user.is_active = False
    mentor.user.save()


def _empty_bio(mentor):
    mentor.bio = ""
    mentor.save()


@pytest.mark.parametrize("unlist", [_remove_strengths, _undo_onboarding, _deactivate, _empty_bio])
def test_an_unlisted_mentor_disappears_at_once(client, lena, unlist):
    _mentor("Olu", "Other")
    _warm(client, lena)
    assert "Lena Listed" in _body(client)
    unlist(lena)
    body = _body(client)
    assert "Lena Listed" not in body
    assert "1 mentor available" in body
    assert client.get(_detail(lena)).status_code == 404


def test_reference_names_show_at_once(client, lena):
    _warm(client, lena)
    strategic = Competency.objects.get(slug="strategic-thinking")
    strategic.name = "Strategic foresight"
    strategic.save()
    unit = lena.user.profile.business_unit
    unit.name = "Renamed Unit"
    unit.save()
    Format.objects.create(code="walking", name="Walking meetings")
    body = _body(client)
    assert "Strategic foresight" in body
    assert "Renamed Unit" in body
    assert '<option value="walking">Walking meetings</option>' in body
    assert "Strategic foresight" in _body(client, _detail(lena))
    assert BusinessUnit.objects.filter(name="Renamed Unit").exists()


def test_new_goals_from_the_intake_reorder_the_catalog_at_once(client, viewer):
    _mentor("Fin", "Finance", strengths={"financial-acumen": 5})
    _mentor("Nia", "Negotiator", strengths={"negotiation": 5})
    assert _names(client) == ["Fin Finance", "Nia Negotiator"]  # no goals yet: by name
    negotiation = Competency.objects.get(slug="negotiation")
    replace_goals(
        viewer, [{"competency": negotiation.pk, "current_level": 1, "target_level": 5}], ""
    )
    assert _names(client) == ["Nia Negotiator", "Fin Finance"]
    assert "Strong in Negotiation (5), your largest gap" in _body(client)


# --- how the generations behave -------------------------------------------------------------------


def test_a_change_is_retired_again_when_its_transaction_commits(
    viewer, lena, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lena.capacity = 3
        lena.save()
        during = generations.read(catalog_cache.LIST, catalog_cache.mentor(lena.pk))
    # A reader between the change and the commit may have stored old rows under `during`.
    after = generations.read(catalog_cache.LIST, catalog_cache.mentor(lena.pk))
    assert not set(after) & set(during)


def test_a_card_built_while_a_mentor_changed_is_not_kept(viewer, lena):
    builds = []
    build_cards = catalog._card_entries

    def build(mentor_ids):
        builds.append(mentor_ids)
        entries = build_cards(mentor_ids)
        catalog_cache.forget([lena.pk])  # a change commits while this request reads
        return entries

    for _ in range(2):
        generations.cached_each(
            ("catalog-card", catalog_cache.today()),
            [lena.pk],
            lambda pk: (catalog_cache.REFERENCE, catalog_cache.mentor(pk)),
            build,
        )
    assert len(builds) == 2


def test_an_evicted_generation_never_brings_back_an_old_entry(client, lena):
    _warm(client, lena)
    # A change no signal reports, and the mentor's generation evicted (a full cache, a restart).
    MentorProfile.objects.filter(pk=lena.pk).update(capacity=5)
    cache.delete(generations.generation_key(catalog_cache.mentor(lena.pk)))
    assert "5 of 5 places free" in _body(client, _detail(lena))


# --- nothing of one viewer reaches another --------------------------------------------------------


def test_viewers_sharing_the_cache_each_see_their_own_reasons_and_shortlist(client, viewer):
    fin = _mentor("Fin", "Finance", strengths={"financial-acumen": 5})
    _mentor("Zoe", "Zeta", strengths={"negotiation": 5})
    goal(viewer, "financial-acumen", 1, 4)
    ShortlistEntry.objects.create(mentee=viewer, mentor=fin)
    other = Client()
    other.force_login(UserFactory(roles=[Role.MENTEE]))
    for _ in range(2):  # the second round reads everything from the cache
        mine, theirs = _body(client), _body(other)
        assert "Strong in Financial acumen (5), your largest gap" in mine
        assert 'aria-pressed="true"' in mine
        assert "◆" not in theirs  # no reason on any card
        assert 'aria-pressed="true"' not in theirs
        assert "Add your learning goals" in theirs
        mine, theirs = _body(client, _detail(fin)), _body(other, _detail(fin))
        assert "your largest gap" in mine
        assert 'aria-pressed="true"' in mine
        assert "◆" not in theirs  # no reason on any card
        assert 'aria-pressed="false"' in theirs


def test_viewers_with_the_same_goals_still_see_their_own_shortlist(client, viewer):
    fin = _mentor("Fin", "Finance", strengths={"financial-acumen": 5})
    twin = UserFactory(roles=[Role.MENTEE])
    for person in (viewer, twin):
        goal(person, "financial-acumen", 1, 4)
    ShortlistEntry.objects.create(mentee=twin, mentor=fin)
    other = Client()
    other.force_login(twin)
    for _ in range(2):
        mine, theirs = _body(client), _body(other)
        assert "your largest gap" in mine
        assert "your largest gap" in theirs
        assert 'aria-pressed="true"' not in mine
        assert 'aria-pressed="true"' in theirs


def test_each_viewer_gets_their_own_csrf_token_and_return_address(mentee, lena):
    first = Client(enforce_csrf_checks=True)
    first.force_login(mentee)
    second = Client(enforce_csrf_checks=True)
    second_mentee = UserFactory(roles=[Role.MENTEE])
    second.force_login(second_mentee)
    _body(first, kind="internal")
    body = _body(second, kind="internal", page="1")
    assert 'name="next" value="/mentors/?kind=internal&amp;page=1"' in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    shortlist = reverse("catalog:shortlist", args=[lena.pk])
    assert second.post(shortlist, {"csrfmiddlewaretoken": token}).status_code == 302
    assert list(ShortlistEntry.objects.values_list("mentee", flat=True)) == [second_mentee.pk]


def test_a_mentor_sees_no_shortlist_button_on_their_own_page_whoever_cached_it(client, lena):
    assert "Shortlist" in _body(client, _detail(lena))
    own = Client()
    own.force_login(lena.user)
    assert "shortlist-form" not in _body(own, _detail(lena))


def test_the_filters_show_each_viewers_own_choices(client, viewer):
    _mentor("Lena", "Listed")
    group = _body(client, format="group")
    one_on_one = _body(client, format="one_on_one")
    assert '<option value="group" selected>' in group
    assert '<option value="one_on_one" selected>' not in group
    assert '<option value="one_on_one" selected>' in one_on_one
    assert "Clear filters" in one_on_one
    assert "Clear filters" not in _body(client)
