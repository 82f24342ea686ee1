"""Editing one's own career profile; bad input keeps what was typed."""

import re

from django.urls import reverse

from portal.people.models import Language, Profile
from portal.people.timezones import time_zone_choices
from tests.factories import BusinessUnitFactory


def test_a_person_saves_their_profile(client, mentee):
    unit = BusinessUnitFactory(name="Industrial Solutions", code="industrial")
    client.force_login(mentee)
    response = client.post(
        reverse("edit_profile"),
        {
            "first_name": "Amara",
            "last_name": "Okafor-Reid",
            "job_title": "Director of Insight",
            "business_unit": unit.pk,
            "organisation": "",
            "level": 2,
            "location": "Lagos",
            "time_zone": "Africa/Lagos",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=mentee)
    assert (profile.job_title, profile.business_unit, profile.time_zone) == (
        "Director of Insight",
        unit,
        "Africa/Lagos",
    )
    mentee.refresh_from_db()
    assert mentee.last_name == "Okafor-Reid"


def test_a_time_zone_that_does_not_exist_is_refused_and_nothing_typed_is_lost(client, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("edit_profile"),
        {
            "first_name": "Amara",
            "last_name": "Okafor",
            "job_title": "Director of Insight",
            "location": "Atlantis",
            "time_zone": "Atlantis/Capital",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is not a time zone we know" in body
    assert 'value="Director of Insight"' in body and 'value="Atlantis"' in body
    assert not Profile.objects.filter(user=mentee, job_title="Director of Insight").exists()


def test_an_over_long_title_is_refused_with_a_message(client, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("edit_profile"),
        {
            "first_name": "Amara",
            "last_name": "Okafor",
            "job_title": "x" * 121,
            "time_zone": "Europe/London",
        },
    )
    assert "Ensure this value has at most 120 characters" in response.content.decode()


def test_the_profile_page_edits_only_the_signed_in_persons_profile(client, mentee, mentor):
    client.force_login(mentee)
    client.post(
        reverse("edit_profile"),
        {
            "first_name": "Amara",
            "last_name": "Okafor",
            "job_title": "Director",
            "time_zone": "Europe/London",
            "user": mentor.pk,
        },
    )
    assert not Profile.objects.filter(user=mentor).exists()
    assert Profile.objects.get(user=mentee).job_title == "Director"


def test_the_time_zone_list_offers_real_places_by_region_with_their_offset():
    choices = dict(time_zone_choices())
    labels = dict(choices["Africa"])
    assert labels["Africa/Lagos"].startswith("Lagos (UTC+01:00")
    offered = {value for zones in choices.values() for value, _ in zones}
    assert {"Europe/London", "America/New_York", "Asia/Kolkata", "UTC"} <= offered
    assert not offered & {"Factory", "localtime", "posixrules", "US/Eastern", "Etc/GMT+5"}
    assert list(choices)[:3] == ["", "Universal", "Europe"]


def test_a_zone_the_profile_already_holds_stays_selected_though_the_list_omits_it(client, mentee):
    Profile.objects.update_or_create(user=mentee, defaults={"time_zone": "US/Eastern"})
    client.force_login(mentee)
    body = client.get(reverse("edit_profile")).content.decode()
    assert '<option value="US/Eastern" selected>' in body


def test_the_profile_page_and_the_intake_ask_for_the_same_career_fields(client, mentee):
    client.force_login(mentee)
    profile_page = client.get(reverse("edit_profile")).content.decode()
    intake_page = client.get(reverse("intake:step", args=["career"])).content.decode()
    for name in ("first_name", "job_title", "function", "tenure_years", "languages", "time_zone"):
        assert f'name="{name}"' in profile_page and f'name="{name}"' in intake_page
    # Only the profile page asks an external expert for their own firm.
    assert 'name="organisation"' in profile_page and 'name="organisation"' not in intake_page


def test_the_profile_page_saves_languages_and_keeps_the_organisation(client, mentee):
    language = Language.objects.create(name="Yoruba", code="yo")
    client.force_login(mentee)
    page = client.get(reverse("edit_profile")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("edit_profile"),
        {
            "csrfmiddlewaretoken": token,
            "first_name": "Amara",
            "last_name": "Okafor",
            "organisation": "Okafor Advisory",
            "time_zone": "Africa/Lagos",
            "languages": [language.pk],
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=mentee)
    assert profile.organisation == "Okafor Advisory"
    assert list(profile.languages.all()) == [language]


def test_the_profile_page_offers_a_photo_upload(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("edit_profile")).content.decode()
    assert (
        'type="file"' in body and 'name="photo"' in body and 'enctype="multipart/form-data"' in body
    )
