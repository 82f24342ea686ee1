"""A mentor edits their own catalog profile: fields, strengths, photo, listing status."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

import pytest
from PIL import Image

from portal.people.catalog import services
from portal.people.images import process_photo
from portal.people.models import Competency, MentorProfile, MentorStrength
from portal.people.roles import Role
from tests.factories import MentorProfileFactory, UserFactory

EDIT = reverse("catalog:edit_profile")


def _jpeg(size=(1600, 1200), exif_gps=True) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x0110] = "Model X"  # Model
    if exif_gps:
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _competency(slug):
    return Competency.objects.get(slug=slug).pk


def _post_data(**overrides):
    data = {
        "leadership_style": "challenger",
        "functions": ["finance", "strategy"],
        "industries": "Retail, Energy , retail,  Consumer goods",
        "formats": [],
        "availability": ["morning", "evening"],
        "capacity": "3",
        "monthly_hours": "6",
        "outcomes": "A board-ready plan and the confidence to defend it.",
        "bio": "CFO of two listed companies; now a non-executive director.",
        "strengths-TOTAL_FORMS": "3",
        "strengths-INITIAL_FORMS": "0",
        "strengths-MIN_NUM_FORMS": "1",
        "strengths-MAX_NUM_FORMS": "8",
        "strengths-0-competency": _competency("financial-acumen"),
        "strengths-0-level": "5",
        "strengths-1-competency": _competency("negotiation"),
        "strengths-1-level": "4",
        "strengths-2-competency": "",
        "strengths-2-level": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_in_mentor(client, mentor):
    client.force_login(mentor)
    return mentor


def test_a_mentor_saves_their_profile(client, signed_in_mentor):
    response = client.post(EDIT, _post_data())
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=signed_in_mentor)
    assert profile.leadership_style == "challenger"
    assert profile.functions == ["finance", "strategy"]
    assert profile.industries == ["Retail", "Energy", "Consumer goods"]
    assert profile.availability == ["morning", "evening"]
    assert (profile.capacity, profile.monthly_hours) == (3, 6)
    assert sorted(profile.strengths.values_list("competency__slug", "level")) == [
        ("financial-acumen", 5),
        ("negotiation", 4),
    ]


def test_a_mentee_cannot_open_the_mentor_profile_editor(client, mentee):
    client.force_login(mentee)
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, _post_data()).status_code == 403
    assert not MentorProfile.objects.exists()


def test_an_external_expert_starts_as_external_with_vetting_pending(client, db):
    expert = UserFactory(roles=[Role.EXTERNAL_EXPERT, Role.MENTOR])
    client.force_login(expert)
    body = client.get(EDIT).content.decode()
    profile = MentorProfile.objects.get(user=expert)
    assert (profile.kind, profile.vetting_status) == ("external", "pending")
    assert "Vetting is pending" in body


def test_the_editor_explains_why_a_new_mentor_is_not_listed(client, signed_in_mentor):
    body = client.get(EDIT).content.decode()
    assert "Not listed in the catalog yet" in body
    assert "add a bio" in body
    assert "Onboarding is not done yet" in body


def test_a_complete_onboarded_mentor_is_told_they_are_listed(client, signed_in_mentor):
    MentorProfileFactory(user=signed_in_mentor)
    body = client.get(EDIT).content.decode()
    assert "Listed in the catalog" in body
    assert "Not listed" not in body


def test_the_editor_shows_the_mentors_own_profile_only(client, signed_in_mentor):
    other = MentorProfileFactory(bio="Somebody else's bio entirely.")
    body = client.get(EDIT).content.decode()
    assert other.bio not in body
    assert MentorProfile.objects.filter(user=signed_in_mentor).count() == 1


@pytest.mark.parametrize(
    ("industries", "message"),
    [
        (", ".join(f"Industry {n}" for n in range(9)), "List at most 8 industries"),
        ("Retail, " + "x" * 41, "Keep each industry under 40 characters"),
    ],
)
def test_bad_industries_are_refused_and_what_was_typed_is_kept(
    client, signed_in_mentor, industries, message
):
    response = client.post(EDIT, _post_data(industries=industries))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "CFO of two listed companies" in body
    assert not MentorStrength.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("capacity", "11"), ("capacity", "0"), ("monthly_hours", "41")]
)
def test_capacity_and_hours_stay_in_range(client, signed_in_mentor, field, value):
    response = client.post(EDIT, _post_data(**{field: value}))
    assert response.status_code == 200
    assert "Ensure this value is" in response.content.decode()
    assert MentorProfile.objects.get(user=signed_in_mentor).bio == ""


def test_a_competency_cannot_be_listed_twice(client, signed_in_mentor):
    data = _post_data(**{"strengths-1-competency": _competency("financial-acumen")})
    body = client.post(EDIT, data).content.decode()
    assert "Financial acumen is listed twice" in body
    assert not MentorStrength.objects.exists()


def test_at_least_one_strength_is_needed(client, signed_in_mentor):
    data = _post_data(
        **{
            "strengths-0-competency": "",
            "strengths-0-level": "",
            "strengths-1-competency": "",
            "strengths-1-level": "",
        }
    )
    body = client.post(EDIT, data).content.decode()
    assert "Please submit at least 1 form" in body or "at least 1" in body
    assert not MentorStrength.objects.exists()


def test_at_most_eight_strengths(client, signed_in_mentor):
    slugs = list(Competency.objects.values_list("pk", flat=True)[:9])
    data = _post_data(**{"strengths-TOTAL_FORMS": "9"})
    for n, pk in enumerate(slugs):
        data[f"strengths-{n}-competency"] = pk
        data[f"strengths-{n}-level"] = "3"
    response = client.post(EDIT, data)
    assert response.status_code == 200
    assert not MentorStrength.objects.exists()


def test_a_strength_level_outside_one_to_five_is_refused(client, signed_in_mentor):
    response = client.post(EDIT, _post_data(**{"strengths-0-level": "6"}))
    assert "Select a valid choice" in response.content.decode()
    assert not MentorStrength.objects.exists()


# --- photo ----------------------------------------------------------------------------------------


def test_a_photo_is_stored_resized_as_jpeg_without_exif(client, signed_in_mentor):
    upload = SimpleUploadedFile("holiday in Lisbon.jpg", _jpeg(), content_type="image/jpeg")
    response = client.post(EDIT, {**_post_data(), "photo": upload})
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=signed_in_mentor)
    assert profile.photo.name.startswith("mentors/")
    assert "Lisbon" not in profile.photo.name
    with profile.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.mode == "RGB"
        assert image.size == (600, 450)
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_20_mb_upload_is_refused_and_typed_fields_are_kept(client, signed_in_mentor):
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (20 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(EDIT, {**_post_data(), "photo": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "the limit is 5 MB" in body
    assert "CFO of two listed companies" in body
    assert "Retail, Energy" in body
    assert not MentorProfile.objects.get(user=signed_in_mentor).photo


def test_a_text_file_named_jpg_is_refused_and_typed_fields_are_kept(client, signed_in_mentor):
    upload = SimpleUploadedFile("me.jpg", b"just some text, honest", content_type="image/jpeg")
    response = client.post(EDIT, {**_post_data(), "photo": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a photo we can read" in body
    assert "A board-ready plan" in body
    assert not MentorProfile.objects.get(user=signed_in_mentor).photo


def test_a_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")  # tiny file, 144 megapixels
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    assert upload.size < 100_000
    with pytest.raises(Exception, match="too large to process"):
        process_photo(upload)


def test_a_transparent_png_becomes_a_white_backed_jpeg():
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 80), (0, 0, 0, 0)).save(buffer, format="PNG")
    result = process_photo(SimpleUploadedFile("p.png", buffer.getvalue()))
    with Image.open(io.BytesIO(result.read())) as image:
        assert (image.format, image.size) == ("JPEG", (100, 80))
        assert image.getpixel((10, 10)) == (255, 255, 255)


def test_replacing_a_photo_keeps_other_fields_and_removing_it_works(client, signed_in_mentor):
    MentorProfileFactory(user=signed_in_mentor, onboarding_completed_at=timezone.now())
    first = SimpleUploadedFile("a.jpg", _jpeg((300, 300)), content_type="image/jpeg")
    existing = {
        "strengths-TOTAL_FORMS": "1",
        "strengths-INITIAL_FORMS": "0",
        "strengths-0-competency": _competency("negotiation"),
        "strengths-0-level": "3",
        "strengths-1-competency": "",
        "strengths-1-level": "",
    }
    profile = MentorProfile.objects.get(user=signed_in_mentor)
    profile.strengths.all().delete()
    client.post(EDIT, {**_post_data(**existing), "photo": first})
    profile.refresh_from_db()
    old_name = profile.photo.name
    assert old_name
    second = SimpleUploadedFile("b.jpg", _jpeg((300, 300)), content_type="image/jpeg")
    strength = profile.strengths.get()
    again = {
        "strengths-TOTAL_FORMS": "1",
        "strengths-INITIAL_FORMS": "1",
        "strengths-0-id": strength.pk,
        "strengths-0-mentor": profile.pk,
        "strengths-0-competency": _competency("negotiation"),
        "strengths-0-level": "3",
    }
    client.post(EDIT, {**_post_data(**again), "photo": second})
    profile.refresh_from_db()
    assert profile.photo.name != old_name
    assert profile.bio.startswith("CFO")
    client.post(EDIT, {**_post_data(**again), "photo-clear": "on"})
    profile.refresh_from_db()
    assert not profile.photo


def test_a_replaced_photos_file_is_deleted_once_the_save_commits(
    client, signed_in_mentor, django_capture_on_commit_callbacks
):
    first = SimpleUploadedFile("a.jpg", _jpeg((300, 300)), content_type="image/jpeg")
    client.post(EDIT, {**_post_data(), "photo": first})
    profile = MentorProfile.objects.get(user=signed_in_mentor)
    old_name, storage = profile.photo.name, profile.photo.storage
    again = {
        "strengths-TOTAL_FORMS": "2",
        "strengths-INITIAL_FORMS": "2",
        **{
            f"strengths-{n}-{name}": value
            for n, strength in enumerate(profile.strengths.order_by("pk"))
            for name, value in (
                ("id", strength.pk),
                ("competency", strength.competency_id),
                ("level", strength.level),
            )
        },
    }
    second = SimpleUploadedFile("b.jpg", _jpeg((300, 300)), content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT, {**_post_data(**again), "photo": second})

    profile.refresh_from_db()
    assert profile.photo.name != old_name and storage.exists(profile.photo.name)
    assert not storage.exists(old_name)


# --- the service ----------------------------------------------------------------------------------


def _fields(**overrides):
    fields = {
        "leadership_style": "coaching",
        "functions": [],
        "industries": [],
        "availability": ["morning"],
        "capacity": 2,
        "monthly_hours": 4,
        "outcomes": "Sharper choices.",
        "bio": "Led finance in three markets.",
        "formats": [],
        "photo": None,
    }
    return {**fields, **overrides}


def test_saving_strengths_keeps_unchanged_rows_changes_levels_and_drops_the_rest(db, mentor):
    profile = MentorProfileFactory(user=mentor, strengths={"negotiation": 3, "financial-acumen": 2})
    kept = profile.strengths.get(competency__slug="negotiation")
    wanted = {_competency("negotiation"): 3, _competency("strategic-thinking"): 5}

    services.save_mentor_profile(mentor, _fields(), wanted)

    assert sorted(profile.strengths.values_list("competency__slug", "level")) == [
        ("negotiation", 3),
        ("strategic-thinking", 5),
    ]
    assert profile.strengths.get(competency__slug="negotiation").pk == kept.pk


def test_a_mentor_profile_starts_internal_for_a_leader(db, mentor):
    profile = services.mentor_profile_of(mentor)
    assert (profile.kind, profile.vetting_status) == ("internal", "not_required")
    assert services.mentor_profile_of(mentor).pk == profile.pk


def test_a_failed_save_leaves_no_processed_photo_on_disk(client, signed_in_mentor, monkeypatch):
    client.get(EDIT)  # opening the editor creates the mentor's entry
    profile = MentorProfile.objects.get(user=signed_in_mentor)
    storage = profile.photo.storage

    def stored_photos() -> set[str]:
        return set(storage.listdir("mentors")[1]) if storage.exists("mentors") else set()

    before = stored_photos()
    photo = process_photo(SimpleUploadedFile("me.jpg", _jpeg(), content_type="image/jpeg"))

    def database_error(*args, **kwargs):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(services, "_replace_strengths", database_error)
    data = {field: getattr(profile, field) for field in services.MENTOR_PROFILE_FIELDS}
    with pytest.raises(DatabaseError):
        services.save_mentor_profile(signed_in_mentor, {**data, "formats": [], "photo": photo}, {})
    assert stored_photos() == before
    assert not MentorProfile.objects.get(user=signed_in_mentor).photo
