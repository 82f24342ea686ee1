"""Pictures and media files for the demo library, stored the way an editor would store them.

Library heroes are drawn by pictures.py and saved as Wagtail Images (each item's `card_image`,
shown on cards and at the top of the item). The committed narration and video files in
portal/demo/media/ become Wagtail Documents with their WebVTT captions, and a video's poster an
Image, so the module pages play them with the same blocks editors use.

Everything is found by title before it is created: seeding twice adds no image or document.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.demo import pictures
from portal.people.models import MentorProfile, Profile, User

MEDIA_DIR = Path(__file__).parent / "media"

# The hero motif of each item type (pictures.HERO_KINDS); modules use their media kind.
KIND_OF_TYPE = {
    "casestudypage": "case",
    "playbookpage": "playbook",
    "simulationpage": "simulation",
    "successstorypage": "story",
    "articlepage": "article",
}


def _image(title: str, data: bytes, filename: str, focus=(0.5, 0.5)):
    """The Image titled `title`, created from `data` if there is none."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    image = Image(title=title, file=ImageFile(ContentFile(data), name=filename))
    image.save()
    # Fill crops (cards, previews) keep the picture's subject in view.
    x, y = round(focus[0] * image.width), round(focus[1] * image.height)
    side = round(min(image.width, image.height) / 3)
    image.focal_point_x, image.focal_point_y = x, y
    image.focal_point_width = image.focal_point_height = side
    image.save(
        update_fields=[
            "focal_point_x",
            "focal_point_y",
            "focal_point_width",
            "focal_point_height",
        ]
    )
    return image


def hero_for(slug: str, title: str, kind: str, palette: int):
    """(image, alt) for a library item: a generated hero stored as a Wagtail Image."""
    picture = pictures.library_hero(kind, title, palette=palette)
    return _image(f"Library: {title}", picture.jpeg(), f"library-{slug}.jpg", picture.focus), (
        picture.alt
    )


def module_media(slug: str, title: str) -> dict:
    """The media block fields for a module's committed files ({} when it has none)."""
    Document = get_document_model()
    found = {}
    for name, ext, label in (("document", "mp4", "video"), ("document", "mp3", "narration"),
                             ("captions", "vtt", "captions")):  # fmt: skip
        path = MEDIA_DIR / f"{slug}.{ext}"
        if not path.exists() or name in found:
            continue
        doc_title = f"{title} ({label})"
        document = Document.objects.filter(title=doc_title).first()
        if document is None:
            document = Document(title=doc_title)
            document.file.save(f"{slug}.{ext}", ContentFile(path.read_bytes()), save=False)
            document.save()
        found[name] = document
    poster = MEDIA_DIR / f"{slug}.jpg"
    if poster.exists():
        found["poster"] = _image(f"Poster: {title}", poster.read_bytes(), f"poster-{slug}.jpg")
    return found


PORTRAIT_SIZE = 256  # shown at 34 to 120 px: 256 is sharp at twice the largest


def seed_portraits() -> int:
    """A generated portrait for every person without one: mentors on their catalog entry,
    everyone else on their profile. Returns how many were drawn (0 on a second run)."""
    drawn = 0
    people = User.objects.select_related("profile", "mentor_profile").order_by("pk")
    for person in people:
        if person.photo_url:
            continue
        name = person.get_full_name() or person.email
        data = ContentFile(pictures.portrait(name, PORTRAIT_SIZE).jpeg(quality=85))
        try:
            holder = person.mentor_profile
        except MentorProfile.DoesNotExist:
            holder, _ = Profile.objects.get_or_create(user=person)
        # save=False then a one-column update: no auto_now bump, no catalog signals per person.
        holder.photo.save("portrait.jpg", data, save=False)
        type(holder).objects.filter(pk=holder.pk).update(photo=holder.photo.name)
        drawn += 1
    return drawn
