"""The demo's committed micro-learning media: one real, small, well-formed file per audio and
video module, each with captions that parse as WebVTT. Checked with the standard library and
Pillow only (no ffmpeg on the test machines): container signatures, MP3 frame headers, MP4
boxes and their declared duration, and the cue timings."""

import re
import struct

import pytest
from PIL import Image

from portal.demo import library_copy
from portal.demo.make_media import MEDIA, cue_texts

MODULES = [module for module in library_copy.modules() if module.kind in ("audio", "video")]
AUDIO = [module.slug for module in MODULES if module.kind == "audio"]
VIDEO = [module.slug for module in MODULES if module.kind == "video"]
CUE_TIMING = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$")


def test_the_demo_has_audio_and_video_modules_to_play():
    assert len(AUDIO) >= 2
    assert len(VIDEO) >= 2


def mp3_duration(data: bytes) -> float:
    """Seconds of an MPEG audio stream, counted frame by frame; fails on a broken frame."""
    assert data[:3] != b"ID3", "no ID3 tag is written"
    bitrates = {  # kbit/s by index, MPEG-2/2.5 layer III and MPEG-1 layer III
        2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    }
    rates = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
    position, seconds, frames = 0, 0.0, 0
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        assert header >> 21 == 0x7FF, f"lost frame sync at byte {position}"
        version = (header >> 19) & 3
        assert (header >> 17) & 3 == 1, "layer III"
        rate = rates[version][(header >> 10) & 3]
        bitrate = bitrates[1 if version == 3 else 2][(header >> 12) & 15] * 1000
        padding = (header >> 9) & 1
        samples = 1152 if version == 3 else 576
        length = samples // 8 * bitrate // rate + padding
        assert length > 4
        position += length
        seconds += samples / rate
        frames += 1
    assert frames > 100
    return seconds


def mp4_boxes(data: bytes, start: int = 0, end: int | None = None) -> dict[str, bytes]:
    """The top-level boxes of an ISO BMFF (MP4) file or of one box's payload, by type."""
    boxes, position, end = {}, start, len(data) if end is None else end
    while position < end:
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        assert size >= 8, f"bad box size at {position}"
        boxes[kind.decode("latin-1")] = data[position + 8 : position + size]
        position += size
    assert position == end, "boxes overrun the file"
    return boxes


def mp4_duration(moov: bytes) -> float:
    mvhd = mp4_boxes(moov)["mvhd"]
    version = mvhd[0]
    if version == 1:
        timescale, duration = struct.unpack(">IQ", mvhd[20:32])
    else:
        timescale, duration = struct.unpack(">II", mvhd[12:20])
    return duration / timescale


def parse_webvtt(text: str) -> list[tuple[float, float, list[str]]]:
    """(start, end, lines) of every cue; fails unless the file is well-formed WebVTT."""
    assert text.startswith("WEBVTT\n"), "a WebVTT file starts with its signature"
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        timing, *lines = block.split("\n")
        match = CUE_TIMING.match(timing)
        assert match, f"not a cue timing: {timing!r}"
        h1, m1, s1, ms1, h2, m2, s2, ms2 = (int(part) for part in match.groups())
        start = h1 * 3600 + m1 * 60 + s1 + ms1 / 1000
        end = h2 * 3600 + m2 * 60 + s2 + ms2 / 1000
        assert lines, "a cue has text"
        assert all("-->" not in line for line in lines)
        cues.append((start, end, lines))
    return cues


@pytest.mark.parametrize("slug", AUDIO)
def test_each_audio_module_has_a_short_small_mp3(slug):
    path = MEDIA / f"{slug}.mp3"
    data = path.read_bytes()
    assert len(data) < 300_000
    assert 30 <= mp3_duration(data) <= 60


@pytest.mark.parametrize("slug", VIDEO)
def test_each_video_module_has_a_short_small_mp4_that_starts_playing_at_once(slug):
    data = (MEDIA / f"{slug}.mp4").read_bytes()
    assert len(data) < 1_500_000
    boxes = mp4_boxes(data)
    assert boxes["ftyp"][:4] in (b"isom", b"mp42", b"iso5")
    assert list(boxes).index("moov") < list(boxes).index("mdat"), "faststart: index first"
    assert 20 <= mp4_duration(boxes["moov"]) <= 40
    tracks = [box for kind, box in mp4_boxes(boxes["moov"]).items() if kind == "trak"]
    assert tracks
    assert b"avc1" in boxes["moov"] and b"mp4a" in boxes["moov"]  # H.264 video, AAC audio


@pytest.mark.parametrize("slug", VIDEO)
def test_each_video_has_a_poster_of_its_size(slug):
    with Image.open(MEDIA / f"{slug}.jpg") as poster:
        poster.load()
        assert poster.format == "JPEG"
        assert poster.size == (640, 360)


@pytest.mark.parametrize("slug", AUDIO + VIDEO)
def test_each_media_file_has_webvtt_captions_of_its_words_in_order(slug):
    cues = parse_webvtt((MEDIA / f"{slug}.vtt").read_text(encoding="utf-8"))
    module = next(module for module in MODULES if module.slug == slug)
    assert len(cues) >= 5
    previous_end = 0.0
    for start, end, lines in cues:
        assert previous_end <= start < end
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines)
        previous_end = end
    spoken = " ".join(" ".join(lines) for _, _, lines in cues)
    assert spoken.startswith(module.title)
    assert module.text.split(".")[0] in spoken
    assert module.prompts[0][0] in spoken


@pytest.mark.parametrize("slug", AUDIO)
def test_audio_captions_end_within_the_recording(slug):
    cues = parse_webvtt((MEDIA / f"{slug}.vtt").read_text(encoding="utf-8"))
    assert cues[-1][1] <= mp3_duration((MEDIA / f"{slug}.mp3").read_bytes())


def test_the_media_folder_says_how_its_files_were_made_and_under_what_licence():
    readme = (MEDIA / "README.md").read_text()
    assert "make_media" in readme
    assert "CC0" in readme
    listed = {path.name for path in MEDIA.iterdir() if path.suffix != ".md"}
    assert listed == {f"{slug}.{suffix}" for slug in AUDIO for suffix in ("mp3", "vtt")} | {
        f"{slug}.{suffix}" for slug in VIDEO for suffix in ("mp4", "vtt", "jpg")
    }
    assert all(name in readme for name in listed)


def test_a_long_sentence_becomes_balanced_cues_broken_after_punctuation():
    cues = cue_texts(
        "A short video on fitting a strategy onto one page: where to play, how to win, "
        "what not to do."
    )
    assert cues == [
        ["A short video on fitting", "a strategy onto one page:"],
        ["where to play, how to win, what not to do."],
    ]


def test_a_short_sentence_is_one_cue_of_one_line():
    assert cue_texts("Short and clear.") == [["Short and clear."]]
