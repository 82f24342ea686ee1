"""Pictures on library cards and items, media that plays with captions, and reading time."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from content.models import LearningModulePage
from content.reading import reading_minutes, word_count
from tests.content.factories import add_item, build_library
from tests.factories import ProfileFactory


def _image(title="Hero") -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (31, 58, 95)).save(buffer, "JPEG")
    image = Image(title=title, file=ImageFile(ContentFile(buffer.getvalue()), name="hero.jpg"))
    image.save()
    return image


def _document(title: str, name: str, data: bytes = b"x") -> Document:
    document = Document(title=title)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def test_reading_time_is_words_over_220_rounded_up():
    assert word_count("Don't over-think it, Amara.") == 4
    assert reading_minutes("") == 0
    assert reading_minutes("word " * 220) == 1
    assert reading_minutes("word " * 221) == 2


@pytest.mark.django_db
def test_an_item_counts_its_own_words_when_saved():
    _, section = build_library()
    words = " ".join(["listen"] * 700)
    page = add_item(section, body=[("context", {"body": f"<p>{words}</p>"})] * 1)
    page.refresh_from_db()
    assert page.reading_minutes == 4  # 700 words + title and summary, over 220


@pytest.mark.django_db
def test_cards_and_the_item_show_the_image_with_alt_text(client, mentee):
    index, section = build_library()
    page = add_item(section, card_image=_image(), card_image_alt="Two doorways in navy and gold")
    client.force_login(mentee)
    listing = client.get(index.url).content.decode()
    assert 'alt="Two doorways in navy and gold"' in listing
    assert 'loading="lazy"' in listing and "srcset=" in listing and 'width="400"' in listing
    item = client.get(page.url).content.decode()
    assert 'class="item__hero"' in item and 'alt="Two doorways in navy and gold"' in item
    assert "min read" in item


@pytest.mark.django_db
def test_a_video_module_plays_its_document_with_captions_and_a_poster(client, mentee):
    _, section = build_library()
    video = _document("Strategy (video)", "strategy.mp4")
    captions = _document("Strategy (captions)", "strategy.vtt", b"WEBVTT\n")
    media = {"kind": "video", "document": video, "captions": captions, "poster": _image("P"),
             "minutes": 1, "transcript": "Words."}  # fmt: skip
    prompt = ("prompt", {"prompt": "Why?", "hint": ""})
    page = add_item(
        section, model=LearningModulePage, content_format="watch", body=[("media", media), prompt]
    )
    client.force_login(mentee)
    html = client.get(page.url).content.decode()
    assert "<video " in html and "controls" in html and "poster=" in html
    assert (
        f'<track kind="captions" srclang="en" label="English" src="{captions.url}" default>' in html
    )


@pytest.mark.django_db
def test_an_audio_module_plays_with_captions_and_a_link_stays_a_link(client, mentee):
    _, section = build_library()
    audio = _document("Listening (narration)", "listening.mp3")
    captions = _document("Listening (captions)", "listening.vtt", b"WEBVTT\n")
    prompt = ("prompt", {"prompt": "Why?", "hint": ""})
    played = add_item(section, model=LearningModulePage, title="Listening", content_format="listen",
                      body=[("media", {"kind": "audio", "document": audio, "captions": captions,
                                       "minutes": 1}), prompt])  # fmt: skip
    linked = add_item(section, model=LearningModulePage, title="Elsewhere",
                      body=[("media", {"kind": "video", "link": "https://video.example.com/x",
                                       "minutes": 1}), prompt])  # fmt: skip
    client.force_login(mentee)
    html = client.get(played.url).content.decode()
    assert "<audio " in html and '<track kind="captions"' in html
    html = client.get(linked.url).content.decode()
    assert "<video" not in html and 'href="https://video.example.com/x"' in html


@pytest.mark.django_db
def test_the_header_shows_the_portrait_or_else_the_initials(client, mentee):
    client.force_login(mentee)
    assert '<span class="avatar" aria-hidden="true">AO</span>' in client.get("/").content.decode()
    profile = mentee.profile if hasattr(mentee, "profile") else ProfileFactory(user=mentee)
    profile.photo.save("p.jpg", ContentFile(_image().file.read()))
    html = client.get(reverse("home")).content.decode()
    assert f'src="{profile.photo.url}"' in html and 'class="avatar-photo avatar"' in html
