"""Pictures for the demo: library hero images and portrait illustrations, drawn from a seed.

Pure functions on Pillow and the standard library (no Django): the same seed always gives the
same pixels, so `seed_demo` can call them on every run and stay idempotent, and nothing is
fetched from anywhere. Every picture comes with a suggested alt text.

- `library_hero(kind, seed)`: a 1600x900 abstract editorial composition for a library item
  (seed: the item's title), with a motif per kind of item and a palette drawn from the portal's
  CSS colours (navy, gold, the blues and the canvas tints of static/portal/css/portal.css).
- `library_card(hero)`: a smaller crop of a hero around its motif, for cards and listings.
- `portrait(name)`: a 512x512 head-and-shoulders flat illustration of a person.

Kinds, by page type: CaseStudyPage "case", PlaybookPage "playbook", SimulationPage "simulation",
SuccessStoryPage "story", LearningModulePage "audio", "video" or "slides" (its media kind),
ArticlePage "article". No picture contains text.

Edges are smooth because every crisp shape is drawn at twice the size into a mask of its own
bounding box and reduced; soft light comes from a small colour field computed in Python and
scaled up; the grain is one fixed noise tile. See bench/pictures.py for how fast it is.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERO_SIZE = (1600, 900)
CARD_SIZE = (800, 500)
PORTRAIT_SIZE = 512
HERO_KINDS = ("case", "playbook", "simulation", "story", "audio", "video", "slides", "article")

RGB = tuple[int, int, int]
Point = tuple[float, float]


@dataclass(frozen=True)
class Picture:
    """An image, what it shows in words (its alt text), and where its subject sits (0..1)."""

    image: Image.Image
    alt: str
    focus: Point = (0.5, 0.5)

    def jpeg(self, quality: int = 82) -> bytes:
        """The image as a progressive JPEG, with full-resolution colour (4:2:0 chroma would
        smear the thin gold lines). A 1600x900 hero is about 130-160 KB."""
        out = io.BytesIO()
        self.image.convert("RGB").save(
            out, "JPEG", quality=quality, progressive=True, subsampling=0
        )
        return out.getvalue()

    def png(self) -> bytes:
        """The image as a PNG."""
        out = io.BytesIO()
        self.image.save(out, "PNG", optimize=False)
        return out.getvalue()


# --- colour -----------------------------------------------------------------------------------


def _hex(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _shade(colour: RGB, factor: float) -> RGB:
    """Darker below 1, towards white above 1."""
    if factor <= 1:
        return (round(colour[0] * factor), round(colour[1] * factor), round(colour[2] * factor))
    return _mix(colour, (255, 255, 255), factor - 1)


def _rng(namespace: str, seed: str) -> random.Random:
    digest = hashlib.sha256(f"lodestar-pictures:{namespace}:{seed}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# The portal's own colours (portal.css custom properties), and tints made from them.
NAVY = _hex("#1f3a5f")
NAVY_DARK = _hex("#152a46")
GOLD = _hex("#f4b942")
ACCENT = _hex("#1d5fa8")
INK = _hex("#1c2330")
CANVAS = _hex("#f5f6f9")
SKY = _hex("#e7eef8")
LINE = _hex("#dde2ea")
SUCCESS = _hex("#176a3a")


@dataclass(frozen=True)
class _Palette:
    name: str  # words for the alt text
    dark: bool
    bg: tuple[RGB, RGB]  # gradient of the ground
    glow: tuple[RGB, RGB]  # two soft lights in the ground
    main: tuple[RGB, RGB]  # the dominant shapes (a gradient)
    second: RGB
    quiet: RGB  # the least prominent shapes and thin lines
    paper: RGB  # surfaces (cards, sheets)
    highlight: RGB
    shadow: RGB
    colours: str  # words for the alt text


PALETTES = (
    _Palette(
        "deep navy",
        True,
        (NAVY_DARK, NAVY),
        (ACCENT, _hex("#2a6f86")),
        (_hex("#3f79b8"), ACCENT),
        _hex("#9dbbe0"),
        _hex("#5d83b3"),
        _hex("#f2f5fa"),
        GOLD,
        _hex("#0b1626"),
        "blue and gold",
    ),
    _Palette(
        "pale blue",
        False,
        (CANVAS, _hex("#dbe6f3")),
        (_hex("#c6d9ef"), _hex("#fbe6b8")),
        (NAVY, ACCENT),
        _hex("#6f98c9"),
        _hex("#aac2de"),
        _hex("#ffffff"),
        GOLD,
        NAVY_DARK,
        "navy and gold",
    ),
    _Palette(
        "warm sand",
        False,
        (_hex("#f8f2e7"), _hex("#efe2cb")),
        (_hex("#f6d899"), _hex("#eac7b0")),
        (NAVY, _hex("#2d5687")),
        _hex("#c8714f"),
        _hex("#dcc39d"),
        _hex("#fffdf8"),
        GOLD,
        _hex("#4a3a28"),
        "navy, terracotta and gold",
    ),
    _Palette(
        "soft sage",
        False,
        (_hex("#f0f5f1"), _hex("#d9e8de")),
        (_hex("#c2dccb"), SKY),
        (_hex("#1f5c45"), SUCCESS),
        _hex("#5f9b7c"),
        _hex("#a9cbb6"),
        _hex("#ffffff"),
        GOLD,
        _hex("#17352a"),
        "green, navy and gold",
    ),
    _Palette(
        "navy-to-indigo dusk",
        True,
        (NAVY, _hex("#3b3d6e")),
        (_hex("#6a5a99"), _hex("#b5675a")),
        (_hex("#a59bd8"), _hex("#6b61ad")),
        _hex("#f1b79a"),
        _hex("#8d86bd"),
        _hex("#f7f3ee"),
        GOLD,
        _hex("#0f1430"),
        "gold, peach and lilac",
    ),
)


# --- drawing: shapes rendered supersampled inside their own bounding box ----------------------


@dataclass(frozen=True)
class _Op:
    kind: str  # "ellipse" (points: two corners), "polygon", "stroke", "ring" (two corners)
    points: tuple[Point, ...]
    width: float = 0.0


class _Shape:
    """A region built from filled primitives, rendered as a mask wherever it is needed.

    Coordinates are the final image's pixels.
    """

    def __init__(self) -> None:
        self._ops: list[_Op] = []
        self._box = [math.inf, math.inf, -math.inf, -math.inf]

    def _add(self, op: _Op, pad: float = 0.0) -> _Shape:
        for x, y in op.points:
            self._box[0] = min(self._box[0], x - pad)
            self._box[1] = min(self._box[1], y - pad)
            self._box[2] = max(self._box[2], x + pad)
            self._box[3] = max(self._box[3], y + pad)
        self._ops.append(op)
        return self

    def ellipse(self, cx: float, cy: float, rx: float, ry: float) -> _Shape:
        return self._add(_Op("ellipse", ((cx - rx, cy - ry), (cx + rx, cy + ry))))

    def circle(self, cx: float, cy: float, r: float) -> _Shape:
        return self.ellipse(cx, cy, r, r)

    def polygon(self, points: Sequence[Point]) -> _Shape:
        return self._add(_Op("polygon", tuple(points)))

    def stroke(self, points: Sequence[Point], width: float) -> _Shape:
        """A polyline with round joints and round ends."""
        return self._add(_Op("stroke", tuple(points), width), width / 2 + 1)

    def ring(self, cx: float, cy: float, r: float, width: float) -> _Shape:
        return self._add(_Op("ring", ((cx - r, cy - r), (cx + r, cy + r)), width), 1)

    def box(self, size: tuple[int, int], pad: float = 0) -> tuple[int, int, int, int]:
        """The bounding box in whole pixels, grown by `pad`, kept inside an image of `size`."""
        x0, y0, x1, y1 = self._box
        return (
            max(0, math.floor(x0 - pad)),
            max(0, math.floor(y0 - pad)),
            min(size[0], math.ceil(x1 + pad)),
            min(size[1], math.ceil(y1 + pad)),
        )

    def render(self, box: tuple[int, int, int, int], scale: float) -> Image.Image:
        """The mask of `box` (final pixels) drawn at `scale` mask pixels per final pixel."""
        w = max(1, round((box[2] - box[0]) * scale))
        h = max(1, round((box[3] - box[1]) * scale))
        mask = Image.new("L", (w, h), 0)
        draw = ImageDraw.Draw(mask)
        for op in self._ops:
            pts = [((x - box[0]) * scale, (y - box[1]) * scale) for x, y in op.points]
            width = max(1, round(op.width * scale))
            if op.kind == "ellipse":
                draw.ellipse((*pts[0], *pts[1]), fill=255)
            elif op.kind == "polygon":
                draw.polygon(pts, fill=255)
            elif op.kind == "ring":
                draw.ellipse((*pts[0], *pts[1]), outline=255, width=width)
            else:
                draw.line(pts, fill=255, width=width, joint="curve")
                half = op.width * scale / 2
                for x, y in (pts[0], pts[-1]):
                    draw.ellipse((x - half, y - half, x + half, y + half), fill=255)
        return mask


_SS = 2  # supersampling of crisp shapes


def _crisp_mask(shape: _Shape, size: tuple[int, int]) -> tuple[Image.Image, tuple[int, int]]:
    box = shape.box(size, pad=1)
    if box[2] <= box[0] or box[3] <= box[1]:
        return Image.new("L", (1, 1), 0), (0, 0)
    mask = shape.render(box, _SS).reduce(_SS)
    return mask, (box[0], box[1])


@lru_cache(maxsize=32)
def _opacity_table(opacity: float) -> list[int]:
    return [round(v * opacity) for v in range(256)]


def _fade(mask: Image.Image, opacity: float) -> Image.Image:
    return mask if opacity >= 1 else mask.point(_opacity_table(round(opacity, 3)))


@dataclass(frozen=True)
class _Gradient:
    start: RGB
    end: RGB
    angle: float = 90.0  # degrees; 90 runs top to bottom

    def render(self, size: tuple[int, int]) -> Image.Image:
        """A linear gradient, exact, from a 2x2 image scaled bilinearly between pixel centres."""
        w, h = size
        ca, sa = math.cos(math.radians(self.angle)), math.sin(math.radians(self.angle))
        corners = [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)]
        proj = [x * ca + y * sa for x, y in corners]
        lo, hi = min(proj), max(proj)
        span = (hi - lo) or 1.0
        tiny = Image.new("RGB", (2, 2))
        tiny.putdata([_mix(self.start, self.end, (p - lo) / span) for p in proj])
        return tiny.resize(size, Image.Resampling.BILINEAR, box=(0.5, 0.5, 1.5, 1.5))


Paint = RGB | _Gradient


def _fill(img: Image.Image, shape: _Shape, paint: Paint, opacity: float = 1.0) -> None:
    mask, (x, y) = _crisp_mask(shape, img.size)
    mask = _fade(mask, opacity)
    if isinstance(paint, _Gradient):
        img.paste(paint.render(mask.size), (x, y), mask)
    else:
        img.paste(paint, (x, y, x + mask.width, y + mask.height), mask)


def _shadow(
    img: Image.Image,
    shape: _Shape,
    colour: RGB,
    *,
    blur: float,
    offset: Point = (0, 0),
    opacity: float = 0.3,
) -> None:
    """A soft shadow: the shape drawn at a quarter size, blurred there, and scaled back up."""
    box = shape.box(img.size, pad=blur * 2)
    scale = 0.25
    mask = shape.render(box, scale).filter(ImageFilter.GaussianBlur(blur * scale))
    mask = mask.resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.BILINEAR)
    x, y = round(box[0] + offset[0]), round(box[1] + offset[1])
    img.paste(colour, (x, y, x + mask.width, y + mask.height), _fade(mask, opacity))


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 24) -> list[Point]:
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return out


def _rounded_rect(
    cx: float, cy: float, w: float, h: float, r: float, angle: float = 0.0
) -> list[Point]:
    """A rounded rectangle as a polygon, rotated by `angle` degrees about its centre."""
    pts: list[Point] = []
    corners = (
        (w / 2 - r, -h / 2 + r, -90),
        (w / 2 - r, h / 2 - r, 0),
        (-w / 2 + r, h / 2 - r, 90),
        (-w / 2 + r, -h / 2 + r, 180),
    )
    for ox, oy, start in corners:
        for i in range(9):
            a = math.radians(start + i * 90 / 8)
            pts.append((ox + r * math.cos(a), oy + r * math.sin(a)))
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]


def _rotate(points: Sequence[Point], centre: Point, angle: float) -> list[Point]:
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    cx, cy = centre
    return [
        (cx + (x - cx) * ca - (y - cy) * sa, cy + (x - cx) * sa + (y - cy) * ca) for x, y in points
    ]


# --- the ground: gradient, soft lights, grain -------------------------------------------------


def _ground(size: tuple[int, int], pal: _Palette, rng: random.Random, focus: Point) -> Image.Image:
    """The background: a gradient, two soft lights and a vignette, built small and scaled up.

    Everything here is smooth, so a 160x90 field scaled up bicubically is indistinguishable
    from one computed at full size, at a fraction of the cost.
    """
    sw, sh = 160, 90
    field = _Gradient(pal.bg[0], pal.bg[1], rng.uniform(20, 160)).render((sw, sh))
    lights = [
        (focus[0] + rng.uniform(-0.15, 0.15), focus[1] + rng.uniform(-0.2, 0.1), 0.45, pal.glow[0]),
        (1 - focus[0] + rng.uniform(-0.2, 0.2), rng.uniform(0.6, 1.1), 0.4, pal.glow[1]),
    ]
    for u, v, radius, colour in lights:
        _glow(field, (u * sw, v * sh), radius * sh, colour, 0.55 if pal.dark else 0.6)
    depth = 0.2 if pal.dark else 0.06
    vignette = _radial().resize((sw, sh), Image.Resampling.BILINEAR)
    vignette = vignette.point([round(255 * depth * (v / 255) ** 2) for v in range(256)])
    field.paste((0, 0, 0), (0, 0, sw, sh), vignette)
    return field.resize(size, Image.Resampling.BICUBIC)


@lru_cache(maxsize=1)
def _radial() -> Image.Image:
    """Pillow's 256x256 radial gradient: 0 at the centre, 181 at the middle of each edge."""
    return Image.radial_gradient("L")


def _glow(img: Image.Image, centre: Point, radius: float, colour: RGB, strength: float) -> None:
    """A Gaussian light of `radius` (where it falls to 1/e) painted onto `img`."""
    reach = 2.5 * radius  # the light is drawn out to where it has faded to nothing
    table = [round(255 * strength * math.exp(-((v / 181 * 2.5) ** 2))) for v in range(256)]
    side = max(2, round(2 * reach))
    mask = _radial().point(table).resize((side, side), Image.Resampling.BILINEAR)
    x, y = round(centre[0] - side / 2), round(centre[1] - side / 2)
    img.paste(colour, (x, y, x + side, y + side), mask)


@lru_cache(maxsize=4)
def _grain(size: tuple[int, int], amplitude: int) -> Image.Image:
    """Monochrome film grain centred on 128, tiled from one fixed random tile (deterministic)."""
    tile_size = 256
    noise = Image.frombytes("L", (tile_size, tile_size), random.Random(7).randbytes(tile_size**2))
    noise = noise.point([128 + round((v - 128) * amplitude / 128) for v in range(256)])
    layer = Image.new("L", size)
    for x in range(0, size[0], tile_size):
        for y in range(0, size[1], tile_size):
            layer.paste(noise, (x, y))
    return Image.merge("RGB", (layer, layer, layer))


def _add_grain(img: Image.Image, amplitude: int) -> Image.Image:
    return ImageChops.add(img, _grain(img.size, amplitude), 1.0, -128)


# --- motifs, one per kind ---------------------------------------------------------------------
# Each draws onto the ground and returns a phrase for the alt text. Sizes are written for
# 1600x900 and scaled by `s`; `fx, fy` is where the subject sits.


@dataclass(frozen=True)
class _Frame:
    w: int
    h: int
    fx: float
    fy: float
    s: float
    mirror: bool


def _playbook(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    if rng.random() < 0.4:
        return _staircase(img, pal, rng, f)
    count = rng.choice((3, 3, 4))
    cw, ch, r = 430 * f.s, 330 * f.s, 30 * f.s
    step = (44 * f.s, -40 * f.s)
    tilt = rng.uniform(-7, 7)
    fills: list[Paint] = [pal.quiet] * (count - 2)
    fills += [pal.second, _Gradient(pal.main[0], pal.main[1], 60)]
    base_x, base_y = f.fx - step[0] * (count - 1) / 2, f.fy - step[1] * (count - 1) / 2
    for i in range(count):
        cx, cy = base_x + step[0] * (count - 1 - i), base_y + step[1] * (count - 1 - i)
        angle = tilt + (count - 1 - i) * rng.uniform(2.5, 5)
        card = _Shape().polygon(_rounded_rect(cx, cy, cw, ch, r, angle))
        _shadow(img, card, pal.shadow, blur=34 * f.s, offset=(0, 22 * f.s), opacity=0.28)
        _fill(img, card, fills[i])
    # the top card: a surface with an emblem, three bars and a row of step markers
    cx, cy, angle = base_x, base_y, tilt
    inner = _Shape().polygon(_rounded_rect(cx, cy, cw - 36 * f.s, ch - 36 * f.s, 18 * f.s, angle))
    _fill(img, inner, pal.paper, 0.96)

    def on_card(x: float, y: float) -> Point:
        return _rotate([(cx + x * f.s, cy + y * f.s)], (cx, cy), angle)[0]

    _fill(img, _Shape().circle(*on_card(-130, -80), 38 * f.s), pal.highlight)
    _fill(img, _Shape().circle(*on_card(-130, -80), 15 * f.s), pal.paper)
    for k, length in enumerate((190, 150, 110)):
        y = -96 + k * 30
        bar = _Shape().stroke([on_card(-68, y), on_card(-68 + length, y)], 13 * f.s)
        _fill(img, bar, pal.main[0] if k == 0 else pal.quiet, 0.9 if k == 0 else 0.8)
    done = rng.randint(1, 3)
    for k in range(4):
        x = -130 + k * 84
        if k < 3:
            _fill(img, _Shape().stroke([on_card(x, 70), on_card(x + 84, 70)], 5 * f.s), pal.quiet)
        marker = _Shape().circle(*on_card(x, 70), 20 * f.s)
        if k < done:
            _fill(img, marker, pal.main[1])
            tick = [on_card(x - 8, 70), on_card(x - 2, 77), on_card(x + 9, 63)]
            _fill(img, _Shape().stroke(tick, 5 * f.s), pal.paper)
        else:
            _fill(img, marker, pal.quiet)
            _fill(img, _Shape().circle(*on_card(x, 70), 12 * f.s), pal.paper)
    return (
        f"a fanned stack of {count} rounded cards, the top one showing an emblem, three bars "
        f"and a row of four step markers with {done} ticked"
    )


def _staircase(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    """A playbook as steps: rounded blocks rising to a flag, a marker on each tread."""
    count = rng.choice((4, 5))
    side = -1 if f.mirror else 1
    tread, rise = 112 * f.s, 58 * f.s
    depth = (side * 34 * f.s, -26 * f.s)  # the treads seen from a little above
    left = f.fx - side * tread * count / 2
    floor = f.fy + (rise * count + 140 * f.s) / 2
    whole = _Shape()
    for k in range(count):
        x0 = left + side * k * tread
        top = floor - rise * (k + 1)
        whole.polygon(
            _rounded_rect(x0 + side * tread / 2, (top + floor) / 2, tread, floor - top, 6)
        )
    _shadow(img, whole, pal.shadow, blur=40 * f.s, offset=(side * 24 * f.s, 24 * f.s), opacity=0.3)
    for k in range(count):
        x0 = left + side * k * tread
        x1 = x0 + side * tread
        top = floor - rise * (k + 1)
        shade = k / max(1, count - 1)
        tread_face = [
            (x0, top),
            (x1, top),
            (x1 + depth[0], top + depth[1]),
            (x0 + depth[0], top + depth[1]),
        ]
        _fill(img, _Shape().polygon(tread_face), _mix(pal.paper, pal.second, 0.25 + 0.3 * shade))
        if k == count - 1:  # the end of the top step
            end = [
                (x1, top),
                (x1 + depth[0], top + depth[1]),
                (x1 + depth[0], floor + depth[1]),
                (x1, floor),
            ]
            _fill(img, _Shape().polygon(end), _shade(pal.main[1], 0.8))
        front = _Shape().polygon([(x0, top), (x1, top), (x1, floor), (x0, floor)])
        _fill(
            img,
            front,
            _Gradient(
                _mix(pal.quiet, pal.main[0], shade), _mix(pal.second, pal.main[1], shade), 90
            ),
        )
    done = rng.randint(1, count - 1)
    for k in range(count):
        cx = left + side * (k + 0.5) * tread + depth[0] / 2
        cy = floor - rise * (k + 1) + depth[1] / 2 - 22 * f.s
        marker = _Shape().circle(cx, cy, 14 * f.s)
        _fill(img, marker, pal.highlight if k < done else pal.paper, 1 if k < done else 0.85)
    # a flag on the top step
    px = left + side * (count - 0.3) * tread + depth[0] / 2
    top = floor - rise * count + depth[1] / 2
    _fill(img, _Shape().stroke([(px, top), (px, top - 120 * f.s)], 6 * f.s), pal.paper)
    flag = [(px, top - 120 * f.s), (px + side * 86 * f.s, top - 98 * f.s), (px, top - 74 * f.s)]
    _fill(img, _Shape().polygon(flag), pal.highlight)
    return f"a staircase of {count} rounded steps rising to a gold flag, {done} steps marked done"


def _simulation(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    levels = [1, 2, rng.choice((3, 4)), rng.choice((4, 5))]
    xs = [0.12, 0.37, 0.62, 0.87]
    if f.mirror:
        xs = [1 - x for x in xs]
    nodes: list[list[Point]] = []
    for level, n in enumerate(levels):
        if n == 1:
            ys = [f.fy / f.h]
        else:
            top, bottom = 0.18 + rng.uniform(0, 0.06), 0.82 - rng.uniform(0, 0.06)
            ys = [top + (bottom - top) * k / (n - 1) + rng.uniform(-0.04, 0.04) for k in range(n)]
        nodes.append([(xs[level] * f.w, y * f.h) for y in ys])
    # each node links to the nearest one or two on the previous level (paths merge and split)
    links: list[tuple[int, int, int]] = []
    for level in range(1, len(levels)):
        for k, (_, y) in enumerate(nodes[level]):
            prev = sorted(
                range(len(nodes[level - 1])), key=lambda p: abs(nodes[level - 1][p][1] - y)
            )
            links.append((level, prev[0], k))
            if len(prev) > 1 and rng.random() < 0.3:
                links.append((level, prev[1], k))
    chosen = [0]
    for level in range(1, len(levels)):
        options = [k for lv, p, k in links if lv == level and p == chosen[-1]]
        chosen.append(rng.choice(options) if options else 0)

    def curve(a: Point, b: Point) -> list[Point]:
        mid = (a[0] + b[0]) / 2
        return _bezier(a, (mid, a[1]), (mid, b[1]), b)

    for level, p, k in links:
        path = curve(nodes[level - 1][p], nodes[level][k])
        _fill(img, _Shape().stroke(path, 7 * f.s), pal.quiet if pal.dark else pal.second, 0.7)
    for level in range(1, len(levels)):
        path = curve(nodes[level - 1][chosen[level - 1]], nodes[level][chosen[level]])
        _shadow(img, _Shape().stroke(path, 12 * f.s), pal.highlight, blur=18 * f.s, opacity=0.35)
        _fill(img, _Shape().stroke(path, 12 * f.s), pal.highlight)
    for level, row in enumerate(nodes):
        for k, (x, y) in enumerate(row):
            on_path = chosen[level] == k
            r = (30 if level in (0, len(levels) - 1) and on_path else 20) * f.s
            if on_path:
                _fill(img, _Shape().circle(x, y, r * 2.1), pal.highlight, 0.18)
                _fill(img, _Shape().circle(x, y, r), pal.highlight)
                _fill(img, _Shape().circle(x, y, r * 0.42), pal.paper)
            else:
                _fill(img, _Shape().circle(x, y, r), _Gradient(pal.main[0], pal.main[1]))
                _fill(img, _Shape().ring(x, y, r, 5 * f.s), pal.paper, 0.55)
    ends = len(nodes[-1])
    return (
        f"a branching network of paths from one point to {ends} end points, "
        "one route traced in gold"
    )


def _arch(cx: float, base: float, w: float, h: float) -> list[Point]:
    r = w / 2
    pts: list[Point] = [(cx - r, base)]
    for i in range(25):
        a = math.radians(180 + i * 180 / 24)
        pts.append((cx + r * math.cos(a), base - h + r + r * math.sin(a)))
    pts.append((cx + r, base))
    return pts


def _balance(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    """A case as a dilemma being weighed: a beam on a fulcrum, a pan hanging from each end."""
    tilt = rng.choice((-1, 1)) * rng.uniform(4, 8)
    span, drop = 350 * f.s, 200 * f.s
    pivot = (f.fx, f.fy - 120 * f.s)
    floor = f.fy + 250 * f.s
    post = _Shape().stroke([pivot, (pivot[0], floor - 40 * f.s)], 16 * f.s)
    base = _Shape().polygon(
        _rounded_rect(pivot[0], floor - 20 * f.s, 220 * f.s, 40 * f.s, 20 * f.s)
    )
    _shadow(img, base, pal.shadow, blur=30 * f.s, offset=(0, 16 * f.s), opacity=0.3)
    _fill(img, post, pal.main[0])
    _fill(img, base, _Gradient(pal.main[0], pal.main[1], 0))
    ends = _rotate([(pivot[0] - span, pivot[1]), (pivot[0] + span, pivot[1])], pivot, tilt)
    _fill(img, _Shape().stroke(ends, 14 * f.s), _Gradient(pal.main[1], pal.main[0], 0))
    loads = ["a gold sphere", "two stacked blocks"]
    rng.shuffle(loads)
    for (ex, ey), load in zip(ends, loads, strict=True):
        pan_y = ey + drop
        strings = _Shape()
        for dx in (-110, 110):
            strings.stroke([(ex, ey), (ex + dx * f.s, pan_y)], 4 * f.s)
        _fill(img, strings, pal.quiet if not pal.dark else pal.second, 0.9)
        pan = [
            (ex + 130 * f.s * math.cos(t), pan_y + 46 * f.s * math.sin(t))
            for t in (i / 24 * math.pi for i in range(25))
        ]
        pan_shape = _Shape().polygon(pan)
        if load == "a gold sphere":
            _fill(
                img,
                _Shape().circle(ex, pan_y - 62 * f.s, 62 * f.s),
                _Gradient(pal.paper, pal.highlight, 120),
            )
        else:
            for k, (w, h) in enumerate(((150, 56), (104, 50))):
                y = pan_y - 28 * f.s - k * 54 * f.s
                block = _Shape().polygon(
                    _rounded_rect(ex, y, w * f.s, h * f.s, 10 * f.s, (k - 0.5) * 4)
                )
                _fill(img, block, pal.second if k == 0 else pal.paper)
        _fill(img, pan_shape, _Gradient(pal.main[1], pal.main[0], 90))
    _fill(img, _Shape().circle(*pivot, 24 * f.s), pal.highlight)
    _fill(img, _Shape().circle(*pivot, 9 * f.s), pal.paper)
    return f"a balance weighing {loads[0]} against {loads[1]}"


def _case(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    if rng.random() < 0.4:
        return _balance(img, pal, rng, f)
    count = rng.choice((2, 3, 3, 4))
    base = 0.8 * f.h
    width = rng.uniform(170, 205) * f.s
    gap = 52 * f.s
    total = count * width + (count - 1) * gap
    lit = rng.randrange(count)
    # a low sun behind the doorways
    sx = f.fx + rng.uniform(-0.25, 0.25) * total
    sun = _Shape().circle(sx, base - rng.uniform(0.5, 0.62) * f.h, rng.uniform(95, 130) * f.s)
    _fill(img, sun, pal.highlight, 0.9 if pal.dark else 0.75)
    floor = _Shape().polygon([(0, base), (f.w, base), (f.w, f.h), (0, f.h)])
    _fill(img, floor, _Gradient(pal.shadow, pal.bg[1], 90), 0.22 if pal.dark else 0.08)
    light_dir = -1 if sx > f.fx else 1
    for k in range(count):
        cx = f.fx - total / 2 + width / 2 + k * (width + gap)
        h = (rng.uniform(0.5, 0.62) if k != lit else 0.66) * f.h
        # the long shadow each doorway throws on the floor, away from the sun
        lean = light_dir * rng.uniform(150, 210) * f.s
        cast = [
            (cx - width / 2, base),
            (cx + width / 2, base),
            (cx + width / 2 + lean, base + 70 * f.s),
            (cx - width / 2 + lean, base + 70 * f.s),
        ]
        _fill(img, _Shape().polygon(cast), pal.shadow, 0.18 if pal.dark else 0.1)
        outer = _Shape().polygon(_arch(cx, base, width, h))
        _shadow(img, outer, pal.shadow, blur=26 * f.s, offset=(0, 10 * f.s), opacity=0.25)
        _fill(img, outer, _Gradient(pal.main[0], pal.main[1], 90 + 25 * light_dir))
        inset = 20 * f.s
        door = _Shape().polygon(_arch(cx, base, width - 2 * inset, h - inset))
        if k == lit:
            _fill(img, door, _Gradient(pal.paper, pal.highlight, 90))
            half = width / 2 - inset
            spill = [
                (cx - half, base),
                (cx + half, base),
                (cx + half * 2.2, f.h),
                (cx - half * 2.2, f.h),
            ]
            _fill(img, _Shape().polygon(spill), _Gradient(pal.highlight, pal.bg[1], 90), 0.35)
        else:
            _fill(img, door, _Gradient(pal.shadow, pal.main[0], 90), 0.55)
    # a fine dot grid, opposite the doorways
    gx = f.w * (0.1 if f.fx > f.w / 2 else 0.72)
    dots = _Shape()
    for i in range(7):
        for j in range(4):
            dots.circle(gx + i * 30 * f.s, 0.14 * f.h + j * 30 * f.s, 3.4 * f.s)
    _fill(img, dots, pal.quiet, 0.8)
    return f"{count} arched doorways on a horizon under a low sun, one of them lit in gold"


def _hills(pal: _Palette) -> list[tuple[Paint, float]]:
    """Far to near. On a dark ground the hills are silhouettes, so the gold stays with the sun."""
    if pal.dark:
        return [
            (_mix(pal.bg[1], pal.quiet, 0.55), 1.0),
            (_mix(pal.bg[1], pal.quiet, 0.3), 1.0),
            (_shade(pal.bg[0], 0.78), 1.0),
            (pal.shadow, 0.9),
        ]
    return [(pal.quiet, 1.0), (pal.second, 0.9), (pal.main[1], 1.0), (pal.main[0], 1.0)]


def _ridge(f: _Frame, rng: random.Random, base: float, height: float) -> list[Point]:
    """A mountain ridge: peaks at random places, joined by straight, slightly uneven slopes."""
    pts: list[Point] = [(-0.05 * f.w, base - rng.uniform(0.1, 0.4) * height)]
    x = -0.05 * f.w
    while x < f.w:
        step = rng.uniform(0.2, 0.34) * f.w
        peak = x + step * rng.uniform(0.35, 0.65)
        shoulder = peak + step * rng.uniform(0.08, 0.16)
        top = base - rng.uniform(0.6, 1.0) * height
        pts.append((peak, top))
        pts.append((shoulder, top + rng.uniform(0.08, 0.16) * height))  # a step below the summit
        x += step
        pts.append((x, base - rng.uniform(0.05, 0.3) * height))
    return pts


def _story(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    mountains = rng.random() < 0.5
    sun = (f.fx + rng.uniform(-0.08, 0.08) * f.w, rng.uniform(0.26, 0.38) * f.h)
    radius = rng.uniform(90, 120) * f.s
    glow = _Shape().circle(*sun, radius * 1.4)
    _shadow(img, glow, pal.highlight, blur=90 * f.s, opacity=0.45)
    _fill(img, _Shape().circle(*sun, radius), pal.highlight)
    horizon = [0.52, 0.62, 0.72, 0.84]
    for layer, (paint, opacity) in enumerate(_hills(pal)):
        if mountains and layer == 0:
            pts = _ridge(f, rng, (horizon[layer] + 0.04) * f.h, (0.26 - 0.08 * layer) * f.h)
        else:
            phase = rng.uniform(0, math.tau)
            waves = rng.uniform(1.1, 1.9)
            amp = (0.05 + 0.015 * layer) * f.h
            pts = []
            for i in range(81):
                u = i / 80
                y = horizon[layer] * f.h - amp * math.sin(phase + u * waves * math.pi)
                y -= 0.3 * amp * math.sin(phase * 2 + u * waves * 3.1 * math.pi)
                pts.append((u * f.w, y))
        _fill(img, _Shape().polygon([*pts, (f.w * 1.1, f.h), (0, f.h)]), paint, opacity)
    # a winding path from the foreground towards the sun
    side = -1 if f.mirror else 1
    path = _bezier(
        (f.w * (0.5 - 0.08 * side), f.h + 140 * f.s),
        (f.w * (0.5 + 0.2 * side), 0.84 * f.h),
        (sun[0] - 0.1 * f.w * side, 0.76 * f.h),
        (sun[0] - 0.01 * f.w * side, 0.63 * f.h),
        steps=40,
    )
    left, right = [], []
    for i, (x, y) in enumerate(path):
        half = (54 * (1 - i / len(path)) ** 1.5 + 2) * f.s
        # widen across the path's direction, so the far end tapers instead of hooking
        (ax, ay), (bx, by) = path[max(0, i - 1)], path[min(len(path) - 1, i + 1)]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx, ny = (ay - by) / length, (bx - ax) / length
        left.append((x - half * nx, y - half * ny))
        right.append((x + half * nx, y + half * ny))
    ribbon = _Shape().polygon([*left, *reversed(right)])
    _fill(img, ribbon, _Gradient(pal.paper, pal.highlight, 270), 0.85)
    land = "mountain ridges and rolling hills" if mountains else "layered rolling hills"
    return f"{land} under a rising sun, with a winding path leading towards it"


def _audio(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    sigma = rng.uniform(0.2, 0.28) * f.w
    lines = rng.choice((5, 6, 7))

    def envelope(x: float) -> float:
        return 0.12 + 0.88 * math.exp(-(((x - f.fx) / sigma) ** 2))

    # a filled waveform band, then thin waves through it
    top, bottom = [], []
    freq = rng.uniform(5.5, 8.5)
    for i in range(121):
        x = i / 120 * f.w
        a = 0.2 * f.h * envelope(x) * (0.65 + 0.35 * math.sin(x / f.w * freq * 3.1))
        top.append((x, f.fy - a))
        bottom.append((x, f.fy + a))
    band = _Shape().polygon([*top, *reversed(bottom)])
    _fill(img, band, _Gradient(pal.main[0], pal.main[1], 0), 0.9)
    for k in range(lines):
        phase = rng.uniform(0, math.tau)
        k_freq = rng.uniform(1.2, 2.6)
        amp = rng.uniform(0.12, 0.3) * f.h
        pts = [
            (x, f.fy + amp * envelope(x) * math.sin(phase + x / f.w * k_freq * math.tau))
            for x in (i / 120 * f.w for i in range(121))
        ]
        paint = pal.highlight if k == 0 else (pal.second if k % 2 else pal.quiet)
        _fill(img, _Shape().stroke(pts, (6 if k == 0 else 3.5) * f.s), paint, 1 if k == 0 else 0.85)
    # ripples around a small disc at the loudest point
    for k in range(3):
        _fill(
            img, _Shape().ring(f.fx, f.fy, (90 + 46 * k) * f.s, 3 * f.s), pal.paper, 0.5 - k * 0.13
        )
    _fill(img, _Shape().circle(f.fx, f.fy, 58 * f.s), pal.highlight)
    _fill(img, _Shape().circle(f.fx, f.fy, 20 * f.s), pal.paper)
    return (
        f"a sound wave swelling across the picture, {lines} thin waves and ripples "
        "around a gold disc"
    )


def _video(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    fw, fh = 560 * f.s, 315 * f.s
    tilt = rng.uniform(-6, 6)
    backs = rng.choice((1, 2))
    for k in range(backs, 0, -1):
        dx, dy = 60 * k * f.s * (-1 if f.mirror else 1), -50 * k * f.s
        frame = _Shape().polygon(
            _rounded_rect(f.fx + dx, f.fy + dy, fw, fh, 26 * f.s, tilt - 5 * k)
        )
        _shadow(img, frame, pal.shadow, blur=30 * f.s, offset=(0, 18 * f.s), opacity=0.22)
        _fill(img, frame, pal.quiet if k == backs else pal.second)
    front = _Shape().polygon(_rounded_rect(f.fx, f.fy, fw, fh, 26 * f.s, tilt))
    _shadow(img, front, pal.shadow, blur=36 * f.s, offset=(0, 24 * f.s), opacity=0.3)
    _fill(img, front, _Gradient(pal.main[1], pal.main[0], 80))

    # the scene in the frame: a sun over two hills, clipped by the frame's inner edge
    def on(x: float, y: float) -> Point:
        return _rotate([(f.fx + x * f.s, f.fy + y * f.s)], (f.fx, f.fy), tilt)[0]

    _fill(img, _Shape().circle(*on(150, -50), 46 * f.s), pal.highlight, 0.9)
    for k, (paint, lift) in enumerate(((pal.second, 40), (pal.quiet, 80))):
        pts = [
            on(-262 + i * 26.2, lift - 50 * math.sin(i / 20 * math.pi * (1.2 + k * 0.5) + k))
            for i in range(21)
        ]
        hill = _Shape().polygon([*pts, on(262, 140), on(-262, 140)])
        hill_mask, (hx, hy) = _crisp_mask(hill, img.size)
        frame_mask, (fx0, fy0) = _crisp_mask(
            _Shape().polygon(_rounded_rect(f.fx, f.fy, fw - 2, fh - 2, 25 * f.s, tilt)), img.size
        )
        crop = frame_mask.crop(
            (hx - fx0, hy - fy0, hx - fx0 + hill_mask.width, hy - fy0 + hill_mask.height)
        )
        mask = _fade(ImageChops.multiply(hill_mask, crop), 0.85)
        img.paste(paint, (hx, hy, hx + mask.width, hy + mask.height), mask)
    # play button and a progress bar
    _fill(img, _Shape().circle(*on(0, -10), 62 * f.s), pal.paper, 0.95)
    tri = [on(-18, -40), on(30, -10), on(-18, 20)]
    _fill(img, _Shape().polygon(tri), pal.main[1])
    _fill(img, _Shape().stroke([on(-240, 128), on(240, 128)], 9 * f.s), pal.paper, 0.5)
    progress = rng.uniform(-160, 80)
    _fill(img, _Shape().stroke([on(-240, 128), on(progress, 128)], 9 * f.s), pal.highlight)
    _fill(img, _Shape().circle(*on(progress, 128), 12 * f.s), pal.paper)
    return (
        "a video frame showing a sun over hills, with a play button and a progress bar, "
        "in front of another frame"
    )


def _slides(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    sw, sh = 600 * f.s, 375 * f.s
    tilt = rng.uniform(-4, 4)
    back = _Shape().polygon(
        _rounded_rect(f.fx + 54 * f.s, f.fy - 48 * f.s, sw, sh, 22 * f.s, tilt + 4)
    )
    _shadow(img, back, pal.shadow, blur=30 * f.s, offset=(0, 18 * f.s), opacity=0.2)
    _fill(img, back, _Gradient(pal.main[0], pal.main[1], 45))
    front = _Shape().polygon(_rounded_rect(f.fx, f.fy, sw, sh, 22 * f.s, tilt))
    _shadow(img, front, pal.shadow, blur=36 * f.s, offset=(0, 24 * f.s), opacity=0.3)
    _fill(img, front, pal.paper)

    def on(x: float, y: float) -> Point:
        return _rotate([(f.fx + x * f.s, f.fy + y * f.s)], (f.fx, f.fy), tilt)[0]

    bars = rng.choice((4, 5))
    heights = sorted(rng.uniform(50, 220) for _ in range(bars))
    if rng.random() < 0.4:
        heights[-2], heights[-1] = heights[-1], heights[-2]
    width = 360 / bars
    tops = []
    for k, height in enumerate(heights):
        x = -230 + k * width + width / 2
        tops.append(on(x, 130 - height))
        bar = _Shape().stroke([on(x, 130), on(x, 130 - height)], width * 0.55 * f.s)
        _fill(img, bar, pal.highlight if k == bars - 1 else pal.second)
    _fill(img, _Shape().stroke(tops, 5 * f.s), pal.main[0])
    for point in tops:
        _fill(img, _Shape().circle(*point, 11 * f.s), pal.main[0])
        _fill(img, _Shape().circle(*point, 5 * f.s), pal.paper)
    _fill(img, _Shape().stroke([on(-250, 145), on(250, 145)], 4 * f.s), pal.quiet)
    for k in range(3):
        _fill(
            img,
            _Shape().stroke([on(170, -120 + k * 34), on(250 - k * 24, -120 + k * 34)], 12 * f.s),
            pal.quiet,
        )
    return (
        f"two presentation slides, the front one showing a rising bar chart of {bars} bars "
        "with a trend line"
    )


def _envelope(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    """A newsletter as post: an open envelope with a letter rising out of it."""
    tilt = rng.uniform(-8, 8)
    w, h = 460 * f.s, 290 * f.s
    cx, cy = f.fx, f.fy + 70 * f.s

    def on(x: float, y: float) -> Point:
        return _rotate([(cx + x * f.s, cy + y * f.s)], (cx, cy), tilt)[0]

    back = _Shape().polygon(_rounded_rect(cx, cy, w, h, 18 * f.s, tilt))
    _shadow(img, back, pal.shadow, blur=36 * f.s, offset=(0, 24 * f.s), opacity=0.3)
    _fill(img, back, _shade(pal.main[1], 0.85) if not pal.dark else pal.quiet)
    flap = [on(-230, -145), on(230, -145), on(0, -330)]
    _fill(img, _Shape().polygon(flap), _shade(pal.main[1], 0.75) if not pal.dark else pal.second)
    rise = rng.uniform(110, 170)
    letter = _Shape().polygon(_rounded_rect(*on(0, -rise), 380 * f.s, 300 * f.s, 12 * f.s, tilt))
    _fill(img, letter, pal.paper)
    _fill(img, _Shape().circle(*on(-130, -rise - 90), 24 * f.s), pal.highlight)
    for k, length in enumerate((170, 240, 200)):
        y = -rise - 96 + k * 38 + (0 if k else 6)
        x0 = -90 if k == 0 else -150
        line = _Shape().stroke([on(x0, y), on(x0 + length, y)], 11 * f.s)
        _fill(img, line, pal.quiet, 0.9)
    front = [on(-230, -145), on(0, 10), on(230, -145), on(230, 145), on(-230, 145)]
    front_shape = _Shape().polygon(front)
    _fill(img, front_shape, _Gradient(pal.main[0], pal.main[1], 90 + tilt))
    folds = (
        _Shape()
        .stroke([on(-230, 145), on(-40, 0)], 4 * f.s)
        .stroke([on(230, 145), on(40, 0)], 4 * f.s)
    )
    _fill(img, folds, pal.paper, 0.25)
    seal = _Shape().circle(*on(0, 10), 26 * f.s)
    _fill(img, seal, pal.highlight)
    sparkles = _Shape()
    for _ in range(rng.randint(4, 6)):
        sparkles.circle(
            *on(rng.uniform(-360, 360), rng.uniform(-420, -200)), rng.uniform(4, 9) * f.s
        )
    _fill(img, sparkles, pal.highlight, 0.8)
    return "an open envelope with a letter rising out of it, a gold seal and a few sparks"


def _article(img: Image.Image, pal: _Palette, rng: random.Random, f: _Frame) -> str:
    if rng.random() < 0.45:
        return _envelope(img, pal, rng, f)
    side = -1 if f.mirror else 1
    # loose sheets of paper drifting behind
    for k in range(2):
        cx = f.fx - side * (250 - k * 80) * f.s
        cy = f.fy + (150 + k * 30) * f.s
        sheet = _Shape().polygon(
            _rounded_rect(cx, cy, 300 * f.s, 390 * f.s, 14 * f.s, side * (-14 + k * 9))
        )
        _shadow(img, sheet, pal.shadow, blur=26 * f.s, offset=(0, 14 * f.s), opacity=0.2)
        _fill(img, sheet, pal.paper if k else pal.quiet, 0.95)
        if k:
            for j in range(5):
                y = cy - 120 * f.s + j * 40 * f.s
                line = [(cx - 100 * f.s, y), (cx + (100 - 40 * (j == 4)) * f.s, y)]
                line = _rotate(line, (cx, cy), side * (-14 + k * 9))
                _fill(img, _Shape().stroke(line, 10 * f.s), pal.quiet, 0.8)
    # a dotted flight path that takes off from the sheets and curves up to the plane
    px, py = f.fx + side * 230 * f.s, f.fy - 170 * f.s
    start = (f.fx - side * 170 * f.s, f.fy - 60 * f.s)
    end = (px - side * 130 * f.s, py + 36 * f.s)
    trail = _bezier(
        start,
        (start[0] - side * 40 * f.s, start[1] - 230 * f.s),
        (end[0] - side * 260 * f.s, end[1] + 80 * f.s),
        end,
        80,
    )
    dots = _Shape()
    travelled = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(trail):
        travelled += math.hypot(x1 - x0, y1 - y0)
        if travelled >= 26 * f.s:
            dots.circle(x1, y1, 5 * f.s)
            travelled = 0.0
    _fill(img, dots, pal.highlight if pal.dark else pal.main[1], 0.9)
    size = rng.uniform(1.0, 1.15) * f.s
    angle = side * rng.uniform(-24, -12)

    def plane(points: list[Point]) -> list[Point]:
        pts = [(px + side * x * size, py + y * size) for x, y in points]
        return _rotate(pts, (px, py), angle)

    wing_top = plane([(-150, -10), (170, -60), (-40, 40)])
    wing_low = plane([(-40, 40), (170, -60), (-70, 110)])
    keel = plane([(-40, 40), (170, -60), (-10, 70)])
    body = _Shape().polygon(wing_top).polygon(wing_low)
    _shadow(img, body, pal.shadow, blur=30 * f.s, offset=(0, 40 * f.s), opacity=0.25)
    _fill(img, _Shape().polygon(wing_low), pal.quiet if not pal.dark else pal.second)
    _fill(img, _Shape().polygon(keel), _shade(pal.paper, 0.82))
    _fill(img, _Shape().polygon(wing_top), pal.paper)
    return "a paper plane in flight at the end of a dotted trail, above two loose sheets of paper"


_MOTIFS: dict[str, Callable[[Image.Image, _Palette, random.Random, _Frame], str]] = {
    "case": _case,
    "playbook": _playbook,
    "simulation": _simulation,
    "story": _story,
    "audio": _audio,
    "video": _video,
    "slides": _slides,
    "article": _article,
}


# The object-like motifs are drawn larger than written, so they hold a card-sized crop too.
_MOTIF_SCALE = {"playbook": 1.25, "video": 1.15, "slides": 1.15, "article": 1.05, "case": 1.1}
_BACKDROP_KINDS = ("playbook", "video", "slides", "article")


def library_hero(
    kind: str, seed: str, size: tuple[int, int] = HERO_SIZE, *, palette: int | None = None
) -> Picture:
    """An abstract hero image for a library item of `kind` (one of HERO_KINDS), seeded by its title.

    `palette` picks one of PALETTES by index (modulo their number) instead of drawing it from
    the seed: give items of one section consecutive numbers and their colours spread evenly.
    Deterministic: the same arguments give the same pixels. Raises ValueError for an unknown
    kind.
    """
    if kind not in _MOTIFS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(HERO_KINDS)}")
    rng = _rng(f"hero:{kind}", seed)
    drawn = rng.choice(PALETTES)
    pal = drawn if palette is None else PALETTES[palette % len(PALETTES)]
    mirror = rng.random() < 0.5
    w, h = size
    fu = rng.uniform(0.58, 0.66)
    if kind == "simulation":
        fu = 0.12
    elif kind in ("story", "audio"):
        fu = rng.uniform(0.55, 0.68)
    fu = 1 - fu if mirror else fu
    fv = rng.uniform(0.46, 0.54)
    scale = w / HERO_SIZE[0] * _MOTIF_SCALE.get(kind, 1.0)
    frame = _Frame(w, h, fu * w, fv * h, scale, mirror)
    img = _ground(size, pal, rng, (fu, fv))
    if kind in _BACKDROP_KINDS:
        # a large pale disc behind the object grounds it on the plain field
        side = 1 if mirror else -1
        disc = _Shape().circle((fu + side * 0.07) * w, (fv + 0.04) * h, 0.4 * h)
        _fill(img, disc, pal.quiet if not pal.dark else pal.main[1], 0.3 if not pal.dark else 0.18)
    what = _MOTIFS[kind](img, pal, rng, frame)
    img = _add_grain(img, 7 if pal.dark else 5)
    focus = (0.5, 0.5) if kind == "simulation" else (fu, fv)
    alt = f"Abstract illustration: {what}, in {pal.colours} on a {pal.name} background."
    return Picture(img, alt, focus)


def library_card(hero: Picture, size: tuple[int, int] = CARD_SIZE) -> Picture:
    """A crop of `hero` at the aspect of `size`, as large as fits, kept around its subject."""
    w, h = hero.image.size
    aspect = size[0] / size[1]
    cw, ch = (w, w / aspect) if w / h < aspect else (h * aspect, h)
    x = min(max(hero.focus[0] * w - cw / 2, 0), w - cw)
    y = min(max(hero.focus[1] * h - ch / 2, 0), h - ch)
    image = hero.image.resize(
        size, Image.Resampling.LANCZOS, box=(x, y, x + cw, y + ch), reducing_gap=2.0
    )
    return Picture(image, hero.alt, ((hero.focus[0] * w - x) / cw, (hero.focus[1] * h - y) / ch))


# --- portraits --------------------------------------------------------------------------------

SKIN_TONES = tuple(
    _hex(c)
    for c in (
        "#f8dcc8",
        "#f1c9aa",
        "#e3b08c",
        "#cf9469",
        "#b47650",
        "#925b3b",
        "#70432b",
        "#583423",
    )
)
HAIR_COLOURS = (
    (_hex("#1e1a1d"), 5),
    (_hex("#3a2a22"), 5),
    (_hex("#5e3d2b"), 3),
    (_hex("#8a4a2c"), 1),
    (_hex("#b98a55"), 2),
    (_hex("#dfc08a"), 1),
    (_hex("#9c9a9a"), 2),
    (_hex("#d9d7d4"), 1),
)
CLOTHES = tuple(
    _hex(c)
    for c in (
        "#1f3a5f",
        "#1d5fa8",
        "#2f7f86",
        "#3a4150",
        "#c8714f",
        "#6b4e71",
        "#3d7a5a",
        "#e0a43a",
        "#8e3b46",
        "#4f6d8f",
    )
)
BACKDROPS = tuple(
    (_hex(a), _hex(b))
    for a, b in (
        ("#e7eef8", "#d3e0f2"),
        ("#fbf1dc", "#f5dfae"),
        ("#e6f2eb", "#cde3d6"),
        ("#f7e8e6", "#eed0cc"),
        ("#eeeaf6", "#dbd4ee"),
        ("#e5f1f3", "#c9e2e6"),
        ("#f4eee5", "#e7d9c4"),
    )
)
# (style, weight): short and long styles in about equal measure, whatever the name
HAIR_STYLES = (
    ("crop", 3),
    ("side-part", 3),
    ("quiff", 2),
    ("buzz", 1),
    ("curly-top", 3),
    ("afro", 2),
    ("bun", 3),
    ("long", 4),
    ("long-wavy", 2),
    ("bob", 3),
    ("fringe", 2),
    ("locs", 2),
    ("bald", 1),
    ("headscarf", 1),
)
NECKLINES = ("crew", "vee", "collar", "blazer", "turtleneck")
SHIRTS = (_hex("#f4f6f9"), _hex("#d3e3f3"), _hex("#f6efe2"))


@dataclass(frozen=True)
class _Face:
    cx: float
    cy: float
    rx: float
    ry: float
    jaw: float

    def outline(self, steps: int = 90) -> list[Point]:
        pts = []
        for i in range(steps):
            t = i / steps * math.tau
            s = math.sin(t)
            narrow = 1 - self.jaw * max(0.0, s) ** 3  # the lower half narrows into a jaw
            pts.append((self.cx + self.rx * math.cos(t) * narrow, self.cy + self.ry * s))
        return pts

    @property
    def top(self) -> float:
        return self.cy - self.ry

    @property
    def chin(self) -> float:
        return self.cy + self.ry


def _above(size: int, line: Sequence[Point]) -> _Shape:
    """Everything above a line running left to right across the canvas."""
    return _Shape().polygon([(-10, -10), *line, (size + 10, -10)])


def _hairline(
    face: _Face, centre_y: float, side_y: float, part: float = 0.0, dip: float = 0.0
) -> list[Point]:
    """A hairline: at `centre_y` in the middle (or at the `part`, -1..1), at `side_y` by the ears.

    `dip` lifts (negative) or lowers the line just at the part, where hair is swept aside.
    """
    pts = [(face.cx - face.rx - 260, side_y)]
    for i in range(49):
        u = i / 48 * 2 - 1  # -1 left .. 1 right
        k = min(1.0, abs(u - part))
        y = centre_y + (side_y - centre_y) * k**2.4
        y += dip * math.exp(-(((u - part) * 4) ** 2))
        pts.append((face.cx + u * (face.rx + 40), y))
    pts.append((face.cx + face.rx + 260, side_y))
    return pts


def _swept_hairline(face: _Face, part: float, low: float) -> list[Point]:
    """A side parting: high at the part (`part` -1..1 across the face), then hair swept over
    the forehead, down to `low` before the far temple."""
    side = 1 if part < 0 else -1  # the direction the hair is swept
    k = face.rx / 170
    temple_near = (face.cx - side * (face.rx + 30 * k), face.cy - 14 * k)
    parting = (face.cx + part * face.rx, face.top + 50 * k)
    far = (face.cx + side * face.rx * 0.78, low)
    temple_far = (face.cx + side * (face.rx + 30 * k), face.cy - 10 * k)
    rise = _bezier(
        temple_near,
        (temple_near[0], parting[1] + 40 * k),
        (parting[0] - side * 40 * k, parting[1]),
        parting,
        16,
    )
    sweep = _bezier(
        parting,
        (parting[0] + side * 60 * k, parting[1] + 10 * k),
        (far[0] - side * 50 * k, low),
        far,
        16,
    )
    down = _bezier(far, (far[0] + side * 30 * k, low), temple_far, temple_far, 8)
    line = [*rise, *sweep[1:], *down[1:]]
    if side < 0:
        line.reverse()
    return [(face.cx - face.rx - 260, line[0][1]), *line, (face.cx + face.rx + 260, line[-1][1])]


def _curls(
    cx: float, cy: float, rx: float, ry: float, r: float, count: int, rng: random.Random
) -> _Shape:
    """An ellipse with a scalloped edge: curly or coily hair."""
    shape = _Shape().ellipse(cx, cy, rx, ry)
    for i in range(count):
        t = i / count * math.tau
        shape.circle(cx + rx * math.cos(t), cy + ry * math.sin(t), r * rng.uniform(0.85, 1.1))
    return shape


class _Portrait:
    """Draws one head-and-shoulders illustration on a canvas twice the final size.

    The layout is written for a 1024 canvas and scaled by `k`. Order matters: backdrop, hair
    that falls behind, shoulders and neck, a headscarf's drape, ears and face, the hair over
    the head, the features, glasses.
    """

    def __init__(self, name: str, size: int) -> None:
        rng = self.rng = _rng("portrait", name)
        self.n = size * 2
        k = self.k = self.n / 1024
        self.skin = rng.choice(SKIN_TONES)
        colours, weights = zip(*HAIR_COLOURS, strict=True)
        self.hair = rng.choices(colours, weights)[0]
        styles, weights = zip(*HAIR_STYLES, strict=True)
        self.style = rng.choices(styles, weights)[0]
        self.clothes = rng.choice(CLOTHES)
        self.backdrop = rng.choice(BACKDROPS)
        self.glasses = rng.random() < 0.28
        self.earrings = rng.random() < 0.25
        self.neckline = rng.choice(NECKLINES)
        self.shirt = rng.choice(SHIRTS)
        self.part = rng.choice((-0.45, -0.3, 0.3, 0.45))
        self.scarf = rng.choice(CLOTHES) if self.style == "headscarf" else self.clothes
        self.face = _Face(
            512 * k,
            rng.uniform(436, 450) * k,
            rng.uniform(164, 178) * k,
            rng.uniform(196, 210) * k,
            rng.uniform(0.16, 0.3),
        )
        self.img = Image.new("RGB", (self.n, self.n), self.backdrop[0])
        self.draw = ImageDraw.Draw(self.img, "RGBA")

    def fill(self, shape: _Shape, colour: RGB, opacity: float = 1.0) -> None:
        box = shape.box((self.n, self.n), pad=1)
        self.img.paste(colour, box, _fade(shape.render(box, 1), opacity))

    def fill_clipped(self, shape: _Shape, clip: _Shape, colour: RGB, opacity: float = 1.0) -> None:
        """Fill where `shape` and `clip` overlap."""
        a, b = shape.box((self.n, self.n), pad=1), clip.box((self.n, self.n), pad=1)
        box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
        if box[2] <= box[0] or box[3] <= box[1]:
            return
        mask = ImageChops.multiply(shape.render(box, 1), clip.render(box, 1))
        self.img.paste(colour, box, _fade(mask, opacity))

    def render(self) -> Image.Image:
        self.background()
        self.back_hair()
        self.body()
        if self.style == "headscarf":
            self.scarf_drape()
        self.head()
        self.front_hair()
        self.features()
        if self.glasses:
            self.spectacles()
        return self.img.reduce(2)

    def background(self) -> None:
        k, n = self.k, self.n
        r = 420 * k
        self.draw.ellipse((n / 2 - r, 540 * k - r, n / 2 + r, 540 * k + r), fill=self.backdrop[1])

    def body(self) -> None:
        k, f, d = self.k, self.face, self.draw
        cx, top = f.cx, 770 * k
        neck = f.rx * 0.56
        neck_skin = _shade(self.skin, 0.94)
        d.rounded_rectangle(
            (cx - neck, f.cy + 40 * k, cx + neck, top + 90 * k), radius=50 * k, fill=neck_skin
        )
        # the jaw's shadow on the neck: the face's outline, lowered, kept to the neck
        jaw = _Shape().polygon([(x, y + 30 * k) for x, y in f.outline()])
        neck_box = _Shape().polygon(_rounded_rect(cx, f.chin, 2 * neck, 400 * k, 1))
        self.fill_clipped(jaw, neck_box, _shade(self.skin, 0.86))
        d.rounded_rectangle(
            (cx - 450 * k, top, cx + 450 * k, top + 700 * k), radius=280 * k, fill=self.clothes
        )
        dark = _shade(self.clothes, 0.8)
        if self.neckline == "crew":
            d.chord((cx - neck, top - 60 * k, cx + neck, top + 56 * k), 0, 180, fill=neck_skin)
            d.arc(
                (cx - neck - 14 * k, top - 74 * k, cx + neck + 14 * k, top + 70 * k),
                0,
                180,
                fill=dark,
                width=round(18 * k),
            )
        elif self.neckline == "vee":
            d.polygon(
                [(cx - neck, top - 2 * k), (cx + neck, top - 2 * k), (cx, top + 130 * k)],
                fill=neck_skin,
            )
            d.line(
                [
                    (cx - neck - 10 * k, top - 4 * k),
                    (cx, top + 140 * k),
                    (cx + neck + 10 * k, top - 4 * k),
                ],
                fill=dark,
                width=round(16 * k),
                joint="curve",
            )
        elif self.neckline == "turtleneck":
            d.rounded_rectangle(
                (cx - neck - 12 * k, f.chin + 18 * k, cx + neck + 12 * k, top + 70 * k),
                radius=34 * k,
                fill=self.clothes,
            )
            for j in range(3):
                y = f.chin + (52 + j * 30) * k
                d.line(
                    [(cx - neck + 6 * k, y), (cx + neck - 6 * k, y)], fill=dark, width=round(6 * k)
                )
        else:
            if self.neckline == "blazer":
                d.polygon(
                    [(cx - neck - 70 * k, top), (cx + neck + 70 * k, top), (cx, top + 300 * k)],
                    fill=self.shirt,
                )
            d.polygon(
                [(cx - neck, top - 2 * k), (cx + neck, top - 2 * k), (cx, top + 100 * k)],
                fill=neck_skin,
            )
            collar = self.shirt if self.neckline == "blazer" else _shade(self.clothes, 1.22)
            for side in (-1, 1):
                if self.neckline == "blazer":
                    lapel = [
                        (cx + side * (neck + 70 * k), top - 8 * k),
                        (cx + side * 4 * k, top + 300 * k),
                        (cx + side * (neck + 80 * k), top + 190 * k),
                        (cx + side * (neck + 130 * k), top + 40 * k),
                    ]
                    d.polygon(lapel, fill=dark)
                wing = [
                    (cx + side * (neck + 4 * k), top - 36 * k),
                    (cx + side * 2 * k, top + 100 * k),
                    (cx + side * (neck + 64 * k), top + 56 * k),
                ]
                d.polygon(wing, fill=collar)

    def scarf_drape(self) -> None:
        f, k = self.face, self.k
        shape = _Shape().ellipse(f.cx, f.cy - 8 * k, f.rx + 58 * k, f.ry + 54 * k)
        shape.polygon(
            [
                (f.cx - f.rx - 58 * k, f.cy - 10 * k),
                (f.cx + f.rx + 58 * k, f.cy - 10 * k),
                (f.cx + f.rx + 190 * k, 900 * k),
                (f.cx, 960 * k),
                (f.cx - f.rx - 190 * k, 900 * k),
            ]
        )
        self.fill(shape, self.scarf)
        fold = _shade(self.scarf, 0.84)
        for j in range(2):
            y = f.chin + (40 + j * 70) * k
            self.draw.arc(
                (f.cx - f.rx - 30 * k, y - 90 * k, f.cx + f.rx + 30 * k, y + 40 * k),
                30,
                150,
                fill=fold,
                width=round(10 * k),
            )

    def head(self) -> None:
        f, k, d = self.face, self.k, self.draw
        if self.style != "headscarf":
            for side in (-1, 1):
                ex = f.cx + side * (f.rx - 8 * k)
                d.ellipse((ex - 32 * k, f.cy - 30 * k, ex + 32 * k, f.cy + 66 * k), fill=self.skin)
                d.ellipse(
                    (ex - 14 * k, f.cy - 10 * k, ex + 14 * k, f.cy + 44 * k),
                    fill=_shade(self.skin, 0.9),
                )
                if self.earrings:
                    d.ellipse((ex - 11 * k, f.cy + 62 * k, ex + 11 * k, f.cy + 84 * k), fill=GOLD)
        d.polygon(f.outline(), fill=self.skin)

    def back_hair(self) -> None:
        f, k, rng, style = self.face, self.k, self.rng, self.style
        behind = _shade(self.hair, 0.86)
        if style == "afro":
            self.fill(
                _curls(f.cx, f.cy - 76 * k, f.rx + 66 * k, f.ry + 30 * k, 60 * k, 20, rng),
                self.hair,
            )
        elif style in ("long", "long-wavy", "locs"):
            length = rng.uniform(860, 980) * k
            w = f.rx + 50 * k
            shape = _Shape().ellipse(f.cx, f.cy - 40 * k, w, f.ry + 44 * k)
            shape.polygon(_rounded_rect(f.cx, (f.cy + length) / 2, 2 * w, length - f.cy, 70 * k))
            if style == "long-wavy":
                for side in (-1, 1):
                    for j in range(7):
                        shape.circle(f.cx + side * (w - 6 * k), f.cy + j * 64 * k, 36 * k)
            self.fill(shape, behind)
            if style == "locs":
                for j in range(-5, 6):
                    x = f.cx + j * (2 * w / 11)
                    self.draw.line(
                        [(x, f.cy - 40 * k), (x, length - 30 * k)],
                        fill=_shade(self.hair, 0.7),
                        width=round(7 * k),
                    )
        elif style == "bob":
            shape = _Shape().ellipse(f.cx, f.cy - 30 * k, f.rx + 50 * k, f.ry + 42 * k)
            shape.polygon(_rounded_rect(f.cx, f.cy + 84 * k, 2 * f.rx + 100 * k, 290 * k, 80 * k))
            self.fill(shape, behind)
        elif style == "bun":
            self.fill(_Shape().circle(f.cx, f.top - 56 * k, 86 * k), self.hair)
        if style in ("crop", "side-part", "quiff", "buzz", "curly-top", "fringe", "bun"):
            # the back of the head, so no backdrop shows between the hair and the ears
            back = _Shape().ellipse(f.cx, f.cy - 40 * k, f.rx + 24 * k, f.ry + 12 * k)
            bottom = f.cy + 24 * k
            level = _Shape().polygon([(0, 0), (self.n, 0), (self.n, bottom), (0, bottom)])
            colour = behind if style != "buzz" else _mix(behind, self.skin, 0.2)
            self.fill_clipped(back, level, colour)

    def front_hair(self) -> None:
        f, k, rng, hair, style = self.face, self.k, self.rng, self.hair, self.style
        if style == "bald":
            self.draw.ellipse(
                (f.cx - 90 * k, f.top + 18 * k, f.cx + 10 * k, f.top + 50 * k),
                fill=(*_shade(self.skin, 1.14), 110),
            )
            return
        if style == "headscarf":
            skull = _Shape().ellipse(f.cx, f.cy - 16 * k, f.rx + 26 * k, f.ry + 26 * k)
            line = _hairline(f, f.top + 64 * k, f.cy + 60 * k)
            self.fill_clipped(skull, _above(self.n, line), self.scarf)
            return
        part = self.part
        volume = {"buzz": 10, "crop": 26, "curly-top": 30, "bun": 18}.get(style, 36) * k
        skull = _Shape().ellipse(
            f.cx, f.cy - 30 * k - volume / 2, f.rx + 16 * k + volume / 3, f.ry + 14 * k + volume / 2
        )
        if style in ("buzz", "crop"):
            line = _hairline(f, f.top + rng.uniform(58, 74) * k, f.cy - 16 * k)
        elif style == "curly-top":
            line = _hairline(f, f.top + 66 * k, f.cy - 20 * k)
            skull = _curls(f.cx, f.top + 30 * k, f.rx - 10 * k, 80 * k, 44 * k, 16, rng)
            skull.ellipse(f.cx, f.cy - 40 * k, f.rx + 12 * k, f.ry)
        elif style in ("side-part", "quiff"):
            line = _swept_hairline(f, part, low=f.top + (120 if style == "side-part" else 96) * k)
            if style == "quiff":
                skull.ellipse(f.cx - part * 50 * k, f.top - 26 * k, 140 * k, 60 * k)
        elif style == "fringe":
            line = _hairline(f, f.top + 112 * k, f.cy + 10 * k)
            line = [(x, y + 10 * k * math.sin(x / (40 * k))) for x, y in line]
        elif style == "bun":
            line = _hairline(f, f.top + 50 * k, f.cy - 6 * k)
        elif style == "afro":
            line = _hairline(f, f.top + 66 * k, f.cy - 24 * k)
        else:  # long, long-wavy, locs, bob: parted curtains that frame the face
            line = _hairline(f, f.top + 40 * k, f.cy + 60 * k, part=part * 0.5, dip=-20 * k)
        above = _above(self.n, line)
        colour = hair if style != "buzz" else _mix(hair, self.skin, 0.2)
        self.fill_clipped(skull, above, colour)

    def features(self) -> None:
        f, k, d, rng = self.face, self.k, self.draw, self.rng
        dark = _hex("#2b2226")
        brow = _shade(self.hair, 0.72) if sum(self.hair) < 420 else _hex("#7a6656")
        if self.style in ("bald", "headscarf"):
            brow = _shade(self.skin, 0.45)
        eye_y = f.cy + rng.uniform(4, 16) * k
        spread = f.rx * rng.uniform(0.4, 0.45)
        happy = rng.random() < 0.2
        # blush shows on light skin and turns into a pale patch on dark skin: fade it with depth
        blush = (236, 118, 104, round(44 * (sum(self.skin) / 3 / 255) ** 3))
        arch = rng.uniform(4, 12) * k
        for side in (-1, 1):
            ex = f.cx + side * spread
            if happy:
                d.arc(
                    (ex - 24 * k, eye_y - 14 * k, ex + 24 * k, eye_y + 24 * k),
                    200,
                    340,
                    fill=dark,
                    width=round(10 * k),
                )
            else:
                d.ellipse((ex - 16 * k, eye_y - 19 * k, ex + 16 * k, eye_y + 19 * k), fill=dark)
                d.ellipse(
                    (ex + 2 * k, eye_y - 12 * k, ex + 10 * k, eye_y - 4 * k),
                    fill=(255, 255, 255, 230),
                )
            by = eye_y - 56 * k
            # the inner end no lower than the outer one: friendly rather than stern
            line = [
                (ex - side * 30 * k, by),
                (ex + side * 2 * k, by - arch),
                (ex + side * 34 * k, by + 6 * k),
            ]
            d.line(line, fill=brow, width=round(10 * k), joint="curve")
            for x, y in (line[0], line[-1]):
                d.ellipse((x - 5 * k, y - 5 * k, x + 5 * k, y + 5 * k), fill=brow)
            d.ellipse((ex - 42 * k, eye_y + 50 * k, ex + 38 * k, eye_y + 84 * k), fill=blush)
        nose_y = eye_y + 80 * k
        d.arc(
            (f.cx - 22 * k, nose_y - 24 * k, f.cx + 22 * k, nose_y + 14 * k),
            20,
            160,
            fill=_shade(self.skin, 0.8),
            width=round(9 * k),
        )
        mouth_y = eye_y + 132 * k
        lips = _hex("#7a2f38")
        if rng.random() < 0.55:
            # an open smile: flat on top, round below, a band of teeth under the top edge
            mouth = _Shape().polygon(
                [
                    (f.cx + 52 * k * math.cos(t), mouth_y + 38 * k * math.sin(t))
                    for t in (i / 24 * math.pi for i in range(25))
                ]
            )
            self.fill(mouth, lips)
            band = _Shape().polygon(
                [(0, mouth_y), (self.n, mouth_y), (self.n, mouth_y + 11 * k), (0, mouth_y + 11 * k)]
            )
            self.fill_clipped(mouth, band, (255, 255, 255))
        else:
            d.arc(
                (f.cx - 44 * k, mouth_y - 36 * k, f.cx + 44 * k, mouth_y + 18 * k),
                25,
                155,
                fill=lips,
                width=round(11 * k),
            )

    def spectacles(self) -> None:
        f, k, d, rng = self.face, self.k, self.draw, self.rng
        frame = rng.choice((_hex("#2b2226"), _hex("#6b3f2a"), _hex("#b08a3e"), NAVY))
        eye_y = f.cy + 10 * k
        spread = f.rx * 0.43
        width = round(9 * k)
        round_frames = rng.random() < 0.5
        for side in (-1, 1):
            ex = f.cx + side * spread
            box = (ex - 52 * k, eye_y - 40 * k, ex + 52 * k, eye_y + 40 * k)
            if round_frames:
                d.ellipse(box, outline=frame, width=width, fill=(255, 255, 255, 20))
            else:
                d.rounded_rectangle(
                    box, radius=26 * k, outline=frame, width=width, fill=(255, 255, 255, 20)
                )
            d.line(
                [
                    (ex + side * 52 * k, eye_y - 10 * k),
                    (f.cx + side * (f.rx - 4 * k), eye_y - 18 * k),
                ],
                fill=frame,
                width=width,
            )
        d.arc(
            (f.cx - 24 * k, eye_y - 26 * k, f.cx + 24 * k, eye_y + 6 * k),
            200,
            340,
            fill=frame,
            width=width,
        )


def portrait(name: str, size: int = PORTRAIT_SIZE) -> Picture:
    """A square head-and-shoulders illustration of a person, drawn from their name.

    Deterministic: the same name and size give the same pixels. Skin tone, hair, clothes,
    glasses and backdrop are drawn from the name independently of one another (nothing is
    inferred from it). The subject is centred, for a circular crop.
    """
    image = _Portrait(name, size).render()
    return Picture(image, f"Portrait illustration of {name}", (0.5, 0.45))
