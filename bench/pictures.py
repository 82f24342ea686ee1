"""Time the demo's picture generators, and optionally draw contact sheets to look at.

For every library kind it draws heroes for the demo library's own titles (read from
portal/demo/content_seed.py without importing Django) and portraits for demo names, and prints
milliseconds per image: wall time and CPU time (CPU time is steadier on a shared machine),
drawing alone and drawing plus encoding (JPEG for heroes and cards, PNG for portraits).
`--json` prints one JSON object. No database, no Django.

    .venv/bin/python bench/pictures.py [--json] [--portraits 60] [--sheets /tmp/h7-sheets]
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.demo import data, library_copy, pictures

T = TypeVar("T")


def people(count: int) -> list[str]:
    named = [f"{first} {last}" for _, first, last, *_ in data.NAMED_PEOPLE]
    others = [
        f"{data.FIRST_NAMES[i * 7 % len(data.FIRST_NAMES)]} "
        f"{data.LAST_NAMES[i * 3 % len(data.LAST_NAMES)]}"
        for i in range(count)
    ]
    return (named + others)[:count]


def timed(make: Callable[..., T], *args: Any) -> tuple[T, tuple[float, float]]:
    """make(*args), and how long it took in milliseconds: (wall, CPU)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = make(*args)
    return result, ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    walls, cpus = [w for w, _ in samples], [c for _, c in samples]
    return {
        "median_wall_ms": round(statistics.median(walls), 1),
        "max_wall_ms": round(max(walls), 1),
        "median_cpu_ms": round(statistics.median(cpus), 1),
        "count": len(samples),
    }


def contact_sheet(images: list[Image.Image], columns: int, cell: tuple[int, int]) -> Image.Image:
    gap = 12
    rows = -(-len(images) // columns)
    sheet = Image.new(
        "RGB", (columns * (cell[0] + gap) + gap, rows * (cell[1] + gap) + gap), "#ffffff"
    )
    for i, image in enumerate(images):
        x, y = gap + (i % columns) * (cell[0] + gap), gap + (i // columns) * (cell[1] + gap)
        sheet.paste(image.resize(cell, Image.Resampling.LANCZOS), (x, y))
    return sheet


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--portraits", type=int, default=60, help="how many portraits to time")
    parser.add_argument("--sheets", type=Path, help="write contact sheets (PNG) to this folder")
    args = parser.parse_args()

    pictures.library_hero("case", "warm-up")  # first call builds the cached grain layer
    items = [(k, t) for k, t in library_copy.library_items() if k in pictures.HERO_KINDS]
    heroes: dict[str, list[tuple[float, float]]] = {}
    encoded, cards, portrait_times, portrait_png = [], [], [], []
    drawn, faces = [], []
    for kind, title in items:
        hero, took = timed(pictures.library_hero, kind, title)
        heroes.setdefault(kind, []).append(took)
        drawn.append(hero)
        encoded.append(timed(hero.jpeg)[1])
        cards.append(timed(lambda h: pictures.library_card(h).jpeg(), hero)[1])
    names = people(args.portraits)
    for name in names:
        face, took = timed(pictures.portrait, name)
        faces.append(face)
        portrait_times.append(took)
        portrait_png.append(timed(face.png)[1])

    figures = {
        "hero_draw": summary([t for samples in heroes.values() for t in samples]),
        "hero_draw_by_kind": {kind: summary(samples) for kind, samples in sorted(heroes.items())},
        "hero_jpeg_encode": summary(encoded),
        "card_crop_and_jpeg": summary(cards),
        "portrait_draw": summary(portrait_times),
        "portrait_png_encode": summary(portrait_png),
        "meta": {"heroes": len(items), "portraits": len(names), "pillow": Image.__version__},
    }
    if args.sheets:
        args.sheets.mkdir(parents=True, exist_ok=True)
        contact_sheet([p.image for p in drawn[:12]], 3, (800, 450)).save(args.sheets / "heroes.png")
        contact_sheet([p.image for p in drawn[12:24]], 3, (800, 450)).save(
            args.sheets / "heroes-2.png"
        )
        card_images = [pictures.library_card(p).image for p in drawn[:12]]
        contact_sheet(card_images, 4, (400, 250)).save(args.sheets / "cards.png")
        contact_sheet([p.image for p in faces[:24]], 6, (256, 256)).save(
            args.sheets / "portraits.png"
        )
        contact_sheet([p.image for p in faces[24:48]], 6, (256, 256)).save(
            args.sheets / "portraits-2.png"
        )
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"{'what':<22} {'median wall':>12} {'max wall':>10} {'median cpu':>11} {'n':>4}")
    rows = [(k, v) for k, v in figures.items() if k not in ("meta", "hero_draw_by_kind")]
    rows[1:1] = [(f"  hero {kind}", v) for kind, v in figures["hero_draw_by_kind"].items()]
    for name, row in rows:
        print(
            f"{name:<22} {row['median_wall_ms']:>9.1f} ms {row['max_wall_ms']:>7.1f} ms "
            f"{row['median_cpu_ms']:>8.1f} ms {row['count']:>4}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
