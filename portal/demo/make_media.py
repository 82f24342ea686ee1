"""Regenerate the demo's micro-learning media in portal/demo/media/ (run by hand, never at build).

For every audio module in content_seed.py: a narrated MP3 and its WebVTT captions. For every
video module: a 640x360 slideshow MP4 (H.264 and AAC) with the same narration, its captions and
a poster JPEG. The narration speaks the module's title, summary and text, then its reflection
prompts; slides are drawn by portal/demo/pictures.py. The files are committed and the seed uses
them as they are, so nothing here runs in CI or at deploy time.

Needs Debian's festival, festvox-us-slt-hts, ffmpeg and fonts-dejavu-core:

    apt-get install -y festival festvox-us-slt-hts ffmpeg fonts-dejavu-core
    .venv/bin/python -m portal.demo.make_media            # all modules
    .venv/bin/python -m portal.demo.make_media --only inclusive-meetings

See portal/demo/media/README.md for what was run and with which versions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import textwrap
import wave
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from portal.demo import library_copy, pictures
from portal.demo.library_copy import Module

MEDIA = Path(__file__).with_name("media")
VOICE = "(voice_cmu_us_slt_arctic_hts)"
RATE = 32000  # what the HTS voice produces
FPS = 25
VIDEO_SIZE = (640, 360)
FADE = 0.6  # seconds of crossfade between slides
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# pauses, in seconds: before the first words, after each line, after the title, before the
# questions, after each question (time to think), and after the last words
LEAD, GAP, AFTER_TITLE, BEFORE_QUESTIONS, THINK, TAIL = 0.6, 0.45, 0.9, 0.9, 1.6, 1.2
CLOSING = "Take a minute with each question before you move on."


@dataclass(frozen=True)
class Line:
    """One spoken sentence, and where it falls in the narration (seconds)."""

    text: str
    start: float
    end: float
    section: str  # "title", "body" or "question": how its slide looks


def script(module: Module) -> list[tuple[str, str]]:
    """(section, sentence) in speaking order: title, summary, text, then the prompts, each
    followed by a silence ("think", no words)."""
    lines = [("title", module.title + "."), *(("body", s) for s in sentences(module.summary))]
    lines += [("body", s) for s in sentences(module.text)]
    if module.prompts:
        lines.append(("question", "Questions to reflect on, privately."))
        for prompt, hint in module.prompts:
            lines += [("question", s) for s in sentences(prompt)]
            lines += [("question", s) for s in sentences(hint)]
            lines.append(("think", ""))
        lines.append(("question", CLOSING))
    return lines


def sentences(text: str) -> list[str]:
    """Sentences of plain text (the copy has no abbreviations with full stops)."""
    text = re.sub(r"<[^>]+>", "", text).strip()
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]


def speak(text: str, out: Path) -> None:
    """One sentence to a WAV with festival's HTS voice. Text goes in a file, never a shell."""
    source = out.with_suffix(".txt")
    source.write_text(text + "\n")
    _run([_tool("text2wave"), "-eval", VOICE, str(source), "-o", str(out)])


def narrate(module: Module, work: Path) -> tuple[Path, list[Line]]:
    """The whole narration as one WAV, and the timing of every line in it."""
    silence = bytes(2)  # one 16-bit mono sample
    frames = bytearray(silence * round(LEAD * RATE))
    lines = []
    plan = script(module)
    for i, (section, text) in enumerate(plan):
        if section == "think":
            frames += silence * round(THINK * RATE)
            continue
        clip = work / f"line-{i:02}.wav"
        speak(text, clip)
        with wave.open(str(clip)) as w:
            if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
                raise SystemExit(f"unexpected WAV format from festival: {clip}")
            speech = w.readframes(w.getnframes())
        start = len(frames) / 2 / RATE
        frames += speech
        lines.append(Line(text, start, len(frames) / 2 / RATE, section))
        pause = GAP
        if section == "title":
            pause = AFTER_TITLE
        if i + 1 < len(plan) and plan[i + 1][0] == "question" and section != "question":
            pause = BEFORE_QUESTIONS
        if i + 1 == len(plan):
            pause = TAIL
        frames += silence * round(pause * RATE)
    joined = work / "narration.wav"
    with wave.open(str(joined), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))
    return joined, lines


def timestamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"


def cue_texts(sentence: str, width: int = 42) -> list[list[str]]:
    """A sentence as caption cues of one or two lines of at most `width` characters: as few
    cues as fit, balanced between them, breaking after punctuation where it can."""
    words = sentence.split()
    for count in range(1, len(words) + 1):
        cues = [_lines(group, width) for group in _balanced(words, count)]
        if all(cues):
            return cues
    return [[word] for word in words]


def _lines(words: list[str], width: int) -> list[str]:
    """One line, or two of about equal length; empty when two lines cannot hold the words."""
    text = " ".join(words)
    if len(text) <= width:
        return [text]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [pair for pair in splits if max(map(len, pair)) <= width]
    if not fitting:
        return []
    return list(min(fitting, key=lambda pair: max(map(len, pair))))


def _balanced(words: list[str], count: int) -> list[list[str]]:
    """`words` in `count` runs of about equal length, each break moved to a nearby comma,
    colon or full stop when there is one within three words."""
    total = sum(len(word) + 1 for word in words)
    groups: list[list[str]] = []
    start = 0
    for n in range(1, count):
        target, run, cut = total * n / count, 0, start
        for i in range(len(words)):
            run += len(words[i]) + 1
            if run >= target:
                cut = i + 1
                break
        near = [i + 1 for i in range(max(start, cut - 4), min(len(words) - 1, cut + 3))]
        punctuated = [i for i in near if words[i - 1][-1] in ",:;."]
        if punctuated:
            cut = min(punctuated, key=lambda i: abs(i - cut))
        groups.append(words[start:cut])
        start = cut
    groups.append(words[start:])
    return [group for group in groups if group]


def captions(lines: list[Line]) -> str:
    """WebVTT: one or more cues per sentence, timed in proportion to their words."""
    cues = ["WEBVTT", ""]
    for line in lines:
        chunks = cue_texts(line.text)
        words = [sum(len(row.split()) for row in chunk) for chunk in chunks]
        start = line.start
        for chunk, count in zip(chunks, words, strict=True):
            end = start + (line.end - line.start) * count / sum(words)
            cues += [f"{timestamp(start)} --> {timestamp(end)}", *chunk, ""]
            start = end
    return "\n".join(cues)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} is missing: see portal/demo/make_media.py's docstring")
    return path


def _run(command: list[str]) -> None:
    # our own arguments, as a list, never through a shell
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603


def _ffmpeg(*args: str) -> list[str]:
    return [_tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", *args]


# Loudness for speech on the web, and no encoder or date tags, so a rerun gives the same bytes.
LOUDNESS = "loudnorm=I=-18:TP=-2:LRA=11"
BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]


def make_audio(module: Module, work: Path) -> None:
    narration, lines = narrate(module, work)
    out = MEDIA / f"{module.slug}.mp3"
    _run(_ffmpeg(
        "-i", str(narration), "-af", LOUDNESS, "-ac", "1", "-ar", "22050",
        "-c:a", "libmp3lame", "-b:a", "40k", *BITEXACT, "-write_xing", "1",
        "-id3v2_version", "0", str(out),
    ))  # fmt: skip
    (MEDIA / f"{module.slug}.vtt").write_text(captions(lines))


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


PANEL = 360  # width of the text panel; the picture fills the rest


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words in rows no wider than `width` pixels in `face`."""
    rows: list[str] = []
    for word in text.split():
        if rows and face.getlength(f"{rows[-1]} {word}") <= width:
            rows[-1] = f"{rows[-1]} {word}"
        else:
            rows.append(word)
    return rows


def slide(module: Module, line: Line, index: int) -> Image.Image:
    """One 640x360 slide: the line's words on a navy panel, a picture from pictures.py beside.

    Pictures come from the item kinds whose motifs read as ideas (no play button inside a
    video), cropped around their subject; colours follow the slide's number.
    """
    w, h = VIDEO_SIZE
    kinds = ("slides", "case", "story", "simulation", "playbook")
    # kinds and palettes in cycles that drift apart, so no two slides repeat a pairing
    palette = index + index // len(kinds)
    hero = pictures.library_hero(
        kinds[index % len(kinds)], f"{module.slug}:{index}", palette=palette
    )
    picture = pictures.library_card(hero, (2 * (w - PANEL), 2 * h)).image
    image = Image.new("RGB", VIDEO_SIZE, pictures.NAVY_DARK)
    image.paste(picture.resize((w - PANEL, h), Image.Resampling.LANCZOS), (PANEL, 0))
    panel = Image.linear_gradient("L").resize((PANEL, h))
    image.paste(pictures.NAVY, (0, 0, PANEL, h), panel.point([v // 3 for v in range(256)]))
    draw = ImageDraw.Draw(image)
    x = 36
    eyebrow = {"title": "MICRO-LEARNING", "body": module.title.upper(), "question": "REFLECT"}
    label = textwrap.shorten(eyebrow[line.section], 40, placeholder="…")
    draw.text((x, 40), label, font=font(11, bold=True), fill=pictures.GOLD)
    draw.rectangle((x, 60, x + 32, 62), fill=pictures.GOLD)
    if line.section == "title":
        text, face = module.title, font(30, bold=True)
    else:
        text, face = line.text, font(21)
    rows = _wrap(text, face, PANEL - 2 * x)
    size = round(face.size)
    leading = round(size * 1.3)
    extra = 3 * 21 + 10 if line.section == "title" else 0
    top = max(84, (h - len(rows) * leading - extra) // 2)
    for row in rows:
        draw.text((x, top), row, font=face, fill="#ffffff")
        top += leading
    if line.section == "title":
        top += 10
        for row in _wrap(module.summary, font(14), PANEL - 2 * x)[:3]:
            draw.text((x, top), row, font=font(14), fill=pictures.LINE)
            top += 21
    return image


def make_video(module: Module, work: Path) -> None:
    narration, lines = narrate(module, work)
    # slides change with the sentences; the title slide holds until the first body line
    shows = [(slide(module, line, i), line) for i, line in enumerate(lines)]
    duration = lines[-1].end + TAIL
    out = MEDIA / f"{module.slug}.mp4"
    encoder = subprocess.Popen(  # noqa: S603 - our own arguments, no shell
        _ffmpeg(
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{VIDEO_SIZE[0]}x{VIDEO_SIZE[1]}",
            "-r", str(FPS), "-i", "pipe:0", "-i", str(narration),
            "-af", LOUDNESS, "-ar", "44100", "-ac", "1",
            "-c:v", "libx264", "-preset", "slow", "-tune", "stillimage", "-crf", "27",
            "-pix_fmt", "yuv420p", "-profile:v", "main", "-threads", "1",
            "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart",
            *BITEXACT, "-flags:v", "+bitexact", str(out),
        ),
        stdin=subprocess.PIPE,
    )  # fmt: skip
    assert encoder.stdin is not None  # noqa: S101 - Popen with stdin=PIPE always has one
    # each slide appears as its sentence starts, crossfading from the one before
    starts = [0.0] + [line.start - FADE / 2 for _, line in shows[1:]]
    current = 0
    for n in range(round(duration * FPS)):
        t = n / FPS
        while current + 1 < len(starts) and t >= starts[current + 1] + FADE:
            current += 1
        image = shows[current][0]
        if current + 1 < len(starts) and t >= starts[current + 1]:
            mix = min(1.0, (t - starts[current + 1]) / FADE)
            image = Image.blend(image, shows[current + 1][0], mix)
        encoder.stdin.write(image.tobytes())
    encoder.stdin.close()
    if encoder.wait() != 0:
        raise SystemExit(f"ffmpeg failed on {out}")
    shows[0][0].save(MEDIA / f"{module.slug}.jpg", "JPEG", quality=85, optimize=True)
    (MEDIA / f"{module.slug}.vtt").write_text(captions(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="module slugs to regenerate (default: all)")
    args = parser.parse_args()
    for tool in ("text2wave", "ffmpeg"):
        _tool(tool)
    MEDIA.mkdir(exist_ok=True)
    for module in library_copy.modules():
        if module.kind not in ("audio", "video") or (args.only and module.slug not in args.only):
            continue
        with tempfile.TemporaryDirectory(prefix="lodestar-media-") as work:
            make = make_audio if module.kind == "audio" else make_video
            make(module, Path(work))
        print(f"{module.kind}: {module.slug}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
