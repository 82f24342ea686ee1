"""Editing one's own career profile; bad input keeps what was typed."""

from django.urls import reverse

from portal.people.models import Profile
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
    assert "Select a valid choice" in body
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
