"""Time the matching engine on random cohorts: scoring, both modes, and the greedy baseline.

For 1,000 and 10,000 mentees (mentors: half as many, capacity 1–3, about 5% of pairs forbidden)
it prints scoring time, the best-total-fit solve and the stable (deferred acceptance) solve with
their totals, how many mentees got their first choice in each, how many blocking pairs (a mentee
and a mentor who would both rather be together) best total fit leaves, and the greedy baseline.
`--shortlist K` gives every mentee K shortlisted mentors (scored, and first in their choices in
stable mode); 0 by default, which keeps the figures of docs/decisions/0004-matching.md.
`--json` prints one JSON object. No database: only portal.matching.engine. Seconds are wall
clock; `*_cpu_s` is this process's CPU time for the same step (steadier on a shared machine).

    .venv/bin/python bench/matching.py [--json] [--sizes 1000,10000] [--seed 7] [--shortlist 3]
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


def shortlist_of(n: int, m: int, per_mentee: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`per_mentee` distinct random mentors shortlisted by each mentee."""
    rng = np.random.default_rng(seed + 1)
    per_mentee = min(per_mentee, m)
    mentors = np.argsort(rng.random((n, m)), axis=1)[:, :per_mentee]
    return np.repeat(np.arange(n, dtype=np.int64), per_mentee), mentors.reshape(-1)


class _Clock:
    """Wall-clock and CPU seconds since the last lap."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        spent = (round(wall - self.wall, 3), round(cpu - self.cpu, 3))
        self.wall, self.cpu = wall, cpu
        return spent


def _first_choices(scores, allowed, assignment, shortlist) -> int:
    rows = np.flatnonzero(assignment >= 0)
    ranks = engine.preference_ranks(scores, allowed, rows, assignment[rows], shortlist)
    return int(np.count_nonzero(ranks == 1))


def measure(n: int, seed: int, per_mentee: int = 0) -> dict:
    mentees, mentors, forbidden = instance(n, seed)
    shortlist = shortlist_of(n, mentors.count, per_mentee, seed)
    pairs = engine.PairLists(shortlist=shortlist)
    clock = _Clock()
    scores = engine.score_matrix(mentees, mentors, pairs=pairs)
    allowed = (engine.rule_flags(mentees, mentors, cross_unit=False) == 0) & ~forbidden
    scoring = clock.lap()
    assignment = engine.solve(scores, mentors.capacity, allowed)
    solving = clock.lap()
    stable = engine.solve_stable(scores, mentors.capacity, allowed, shortlist)
    stable_solving = clock.lap()
    baseline = engine.greedy(scores, mentors.capacity, allowed)
    greedy = clock.lap()
    blocking = engine.blocking_pairs(assignment, scores, mentors.capacity, allowed, shortlist)
    still_blocking = engine.blocking_pairs(stable, scores, mentors.capacity, allowed, shortlist)
    total = engine.total_score(scores, assignment)
    stable_total = engine.total_score(scores, stable)
    greedy_total = engine.total_score(scores, baseline)
    return {
        "mentees": n,
        "mentors": mentors.count,
        "slots": int(mentors.capacity.sum()),
        "shortlisted_per_mentee": per_mentee,
        "forbidden_share": round(float(1 - allowed.mean()), 4),
        "scoring_s": scoring[0],
        "solve_s": solving[0],
        "solve_cpu_s": solving[1],
        "scored_and_solved_s": round(scoring[0] + solving[0], 3),
        "total_score": round(total, 3),
        "matched": int(np.count_nonzero(assignment >= 0)),
        "first_choice": _first_choices(scores, allowed, assignment, shortlist),
        "blocking_pairs": int(blocking[0].size),
        "stable_s": stable_solving[0],
        "stable_cpu_s": stable_solving[1],
        "stable_total_score": round(stable_total, 3),
        "stable_matched": int(np.count_nonzero(stable >= 0)),
        "stable_first_choice": _first_choices(scores, allowed, stable, shortlist),
        "stable_blocking_pairs": int(still_blocking[0].size),
        "stable_cost_pct": round(100 * (total - stable_total) / total, 3),
        "greedy_s": greedy[0],
        "greedy_total_score": round(greedy_total, 3),
        "greedy_matched": int(np.count_nonzero(baseline >= 0)),
        "gain_over_greedy_pct": round(100 * (total - greedy_total) / greedy_total, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sizes", default="1000,10000", help="mentee counts, comma separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shortlist", type=int, default=0, help="mentors shortlisted per mentee")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {f"mentees_{n}": measure(n, args.seed, args.shortlist) for n in sizes}
    if args.json:
        meta = {
            "sizes": sizes,
            "seed": args.seed,
            "shortlist": args.shortlist,
            "target_s_at_10000": 10.0,
        }
        print(json.dumps({"matching": results, "meta": meta}))
        return
    columns = (
        ("mentees", "mentees"),
        ("mentors", "mentors"),
        ("score s", "scoring_s"),
        ("solve s", "solve_s"),
        ("total", "total_score"),
        ("1st", "first_choice"),
        ("blocking", "blocking_pairs"),
        ("stable s", "stable_s"),
        ("stable total", "stable_total_score"),
        ("1st", "stable_first_choice"),
        ("blocking", "stable_blocking_pairs"),
        ("greedy", "greedy_total_score"),
    )
    print(" ".join(f"{label:>12}" for label, _ in columns))
    for row in results.values():
        print(" ".join(f"{row[key]:>12}" for _, key in columns))


if __name__ == "__main__":
    main()
