"""Time the matching engine on random cohorts: scoring, solving, and the greedy baseline.

For 1,000 and 10,000 mentees (mentors: half as many, capacity 1–3, about 5% of pairs forbidden)
it prints scoring time, solve time, the optimal total score and the greedy baseline's total.
`--json` prints one JSON object. No database: only portal.matching.engine.

    .venv/bin/python bench/matching.py [--json] [--sizes 1000,10000] [--seed 7]
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.matching import engine

COMPETENCIES, STYLES, FORMATS, LANGUAGES, FUNCTIONS, INDUSTRIES, UNITS = 24, 5, 4, 6, 10, 8, 8
FORBIDDEN_SHARE = 0.05
LOCAL_WINDOWS = ((7, 9), (9, 12), (12, 14), (14, 17), (17, 20))
UTC_OFFSETS = (-8, -5, 0, 0, 1, 1, 2, 5.5, 8)


def _indicators(rng: np.random.Generator, rows: int, columns: int, share: float) -> np.ndarray:
    return (rng.random((rows, columns)) < share).astype(np.float32)


def _availability(rng: np.random.Generator, rows: int) -> np.ndarray:
    offsets = rng.choice(UTC_OFFSETS, size=rows)
    chosen = rng.random((rows, len(LOCAL_WINDOWS))) < 0.5
    return np.stack(
        [
            engine.availability_slots(
                [w for w, on in zip(LOCAL_WINDOWS, picks, strict=True) if on], float(offset)
            )
            for offset, picks in zip(offsets, chosen, strict=True)
        ]
    )


def instance(n: int, seed: int) -> tuple[engine.MenteeFeatures, engine.MentorFeatures, np.ndarray]:
    """A random cohort of n mentees and n // 2 mentors, and its ~5% forbidden pairs."""
    rng = np.random.default_rng(seed)
    m = n // 2
    gap = np.zeros((n, COMPETENCIES), dtype=np.float32)
    goals = rng.integers(0, COMPETENCIES, size=(n, 3))
    gap[np.arange(n)[:, None], goals] = rng.integers(1, 4, size=(n, 3))
    languages_mentee = _indicators(rng, n, LANGUAGES, 0.2)
    languages_mentee[:, 0] = 1.0  # everyone speaks the working language
    languages_mentor = _indicators(rng, m, LANGUAGES, 0.2)
    languages_mentor[:, 0] = 1.0
    style = np.zeros((m, STYLES), dtype=np.float32)
    style[np.arange(m), rng.integers(0, STYLES, size=m)] = 1.0
    mentees = engine.MenteeFeatures(
        gap=gap,
        style_preference=_indicators(rng, n, STYLES, 0.3),
        formats=_indicators(rng, n, FORMATS, 0.5),
        availability=_availability(rng, n),
        languages=languages_mentee,
        functions=_indicators(rng, n, FUNCTIONS, 0.1),
        industries=_indicators(rng, n, INDUSTRIES, 0.15),
        business_unit=rng.integers(0, UNITS, size=n).astype(np.int64),
        person=np.arange(n, dtype=np.int64),
    )
    mentors = engine.MentorFeatures(
        strength=np.where(
            rng.random((m, COMPETENCIES)) < 0.25, rng.integers(2, 6, size=(m, COMPETENCIES)), 0
        ).astype(np.float32),
        style=style,
        formats=_indicators(rng, m, FORMATS, 0.5),
        availability=_availability(rng, m),
        languages=languages_mentor,
        functions=_indicators(rng, m, FUNCTIONS, 0.3),
        industries=_indicators(rng, m, INDUSTRIES, 0.3),
        business_unit=rng.integers(0, UNITS, size=m).astype(np.int64),
        person=np.arange(n, n + m, dtype=np.int64),
        capacity=rng.integers(1, 4, size=m).astype(np.int64),
        matchable=np.ones(m, dtype=bool),
    )
    forbidden = rng.random((n, m)) < FORBIDDEN_SHARE
    return mentees, mentors, forbidden


def measure(n: int, seed: int) -> dict:
    mentees, mentors, forbidden = instance(n, seed)
    started = time.perf_counter()
    scores = engine.score_matrix(mentees, mentors)
    allowed = (engine.rule_flags(mentees, mentors, cross_unit=False) == 0) & ~forbidden
    scored = time.perf_counter()
    assignment = engine.solve(scores, mentors.capacity, allowed)
    solved = time.perf_counter()
    baseline = engine.greedy(scores, mentors.capacity, allowed)
    greedy_done = time.perf_counter()
    total = engine.total_score(scores, assignment)
    greedy_total = engine.total_score(scores, baseline)
    return {
        "mentees": n,
        "mentors": mentors.count,
        "slots": int(mentors.capacity.sum()),
        "forbidden_share": round(float(1 - allowed.mean()), 4),
        "scoring_s": round(scored - started, 3),
        "solve_s": round(solved - scored, 3),
        "scored_and_solved_s": round(solved - started, 3),
        "total_score": round(total, 3),
        "matched": int(np.count_nonzero(assignment >= 0)),
        "greedy_s": round(greedy_done - solved, 3),
        "greedy_total_score": round(greedy_total, 3),
        "greedy_matched": int(np.count_nonzero(baseline >= 0)),
        "gain_over_greedy_pct": round(100 * (total - greedy_total) / greedy_total, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sizes", default="1000,10000", help="mentee counts, comma separated")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {f"mentees_{n}": measure(n, args.seed) for n in sizes}
    if args.json:
        meta = {"sizes": sizes, "seed": args.seed, "target_s_at_10000": 10.0}
        print(json.dumps({"matching": results, "meta": meta}))
        return
    print(
        f"{'mentees':>8} {'mentors':>8} {'score s':>8} {'solve s':>8} {'total':>12} {'greedy':>12}"
    )
    for row in results.values():
        print(
            f"{row['mentees']:>8} {row['mentors']:>8} {row['scoring_s']:>8} {row['solve_s']:>8} "
            f"{row['total_score']:>12} {row['greedy_total_score']:>12}"
        )


if __name__ == "__main__":
    main()
