"""The demo's generated pictures: valid images of the promised sizes, the same for the same seed,
different for different seeds, each with an alt text. No database. How fast they are is
bench/pictures.py's business, not a timed test's."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from portal.demo import library_copy, pictures


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every byte: a truncated file fails here
    return image


@pytest.fixture(scope="module")
def heroes():
    return {
        kind: pictures.library_hero(kind, "Two plants, one budget") for kind in pictures.HERO_KINDS
    }


@pytest.mark.parametrize("kind", pictures.HERO_KINDS)
def test_every_kind_of_library_item_gets_a_1600x900_jpeg_hero(heroes, kind):
    image = _decoded(heroes[kind].jpeg())
    assert image.format == "JPEG"
    assert image.size == pictures.HERO_SIZE == (1600, 900)
    assert image.mode == "RGB"


def test_a_hero_is_the_same_for_the_same_title(heroes):
    again = pictures.library_hero("playbook", "Two plants, one budget")
    assert again.image.tobytes() == heroes["playbook"].image.tobytes()
    assert again.jpeg() == heroes["playbook"].jpeg()
    assert again.alt == heroes["playbook"].alt


@pytest.mark.parametrize("kind", pictures.HERO_KINDS)
def test_heroes_of_one_kind_differ_between_titles(heroes, kind):
    other = pictures.library_hero(kind, "Setting goals that stick")
    assert other.image.tobytes() != heroes[kind].image.tobytes()


def test_heroes_of_different_kinds_differ_for_the_same_title(heroes):
    pixels = {hero.image.tobytes() for hero in heroes.values()}
    assert len(pixels) == len(pictures.HERO_KINDS)


def test_a_palette_number_overrides_the_seeded_palette():
    first = pictures.library_hero("case", "Same title", palette=0)
    second = pictures.library_hero("case", "Same title", palette=1)
    assert first.image.tobytes() != second.image.tobytes()
    assert "deep navy" in first.alt
    assert "pale blue" in second.alt
    wrapped = pictures.library_hero("case", "Same title", palette=len(pictures.PALETTES))
    assert wrapped.image.tobytes() == first.image.tobytes()


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind 'podcast'"):
        pictures.library_hero("podcast", "Anything")


@pytest.mark.parametrize("kind", pictures.HERO_KINDS)
def test_every_hero_says_what_it_shows_without_naming_the_seed(heroes, kind):
    alt = heroes[kind].alt
    assert alt.startswith("Abstract illustration: ")
    assert alt.endswith(" background.")
    assert "Two plants" not in alt
    assert 40 < len(alt) < 300


@pytest.mark.parametrize("size", [(800, 500), (600, 600), (400, 300)])
def test_a_card_is_a_crop_of_the_hero_at_the_size_asked(heroes, size):
    card = pictures.library_card(heroes["video"], size)
    image = _decoded(card.jpeg())
    assert image.size == size
    assert card.alt == heroes["video"].alt
    assert all(0 <= value <= 1 for value in card.focus)


@pytest.mark.parametrize("kind", ["playbook", "video", "case"])
def test_a_square_card_keeps_the_heros_subject_in_the_middle_half(heroes, kind):
    card = pictures.library_card(heroes[kind], (600, 600))
    assert 0.25 <= card.focus[0] <= 0.75
    assert 0.25 <= card.focus[1] <= 0.75


def test_a_hero_can_be_drawn_smaller_for_a_slide():
    small = pictures.library_hero("story", "From the plant floor to the boardroom", (640, 360))
    assert small.image.size == (640, 360)


def test_every_item_of_the_demo_library_has_a_kind_with_a_motif():
    items = library_copy.library_items()
    assert len(items) >= 30
    kinds = {kind for kind, _ in items}
    assert kinds <= set(pictures.HERO_KINDS)
    assert {"case", "playbook", "simulation", "story", "audio", "video", "article"} <= kinds


@pytest.fixture(scope="module")
def amara():
    return pictures.portrait("Amara Okafor")


def test_a_portrait_is_a_512_pixel_square_png(amara):
    image = _decoded(amara.png())
    assert image.format == "PNG"
    assert image.size == (512, 512)
    assert amara.alt == "Portrait illustration of Amara Okafor"


def test_a_portrait_is_the_same_for_the_same_name(amara):
    assert pictures.portrait("Amara Okafor").image.tobytes() == amara.image.tobytes()


def test_different_people_get_different_portraits(amara):
    others = [pictures.portrait(name) for name in ("Daniel Hartmann", "Priya Raman", "Mei Chen")]
    pixels = {amara.image.tobytes(), *(other.image.tobytes() for other in others)}
    assert len(pixels) == 4


def test_a_portrait_is_not_a_blank_square(amara):
    colours = amara.image.getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 30  # backdrop, skin, hair, clothes, features and smoothed edges
    # the backdrop fills the corners; the face is in the middle
    assert amara.image.getpixel((4, 4)) != amara.image.getpixel((256, 230))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_name_at_all_gives_a_portrait(name):
    picture = pictures.portrait(name, size=128)
    assert picture.image.size == (128, 128)
    assert picture.alt == f"Portrait illustration of {name}"
