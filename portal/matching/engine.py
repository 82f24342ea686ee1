"""The matching engine: score every mentee–mentor pair, rule pairs out, find the best pairing.

Pure NumPy/SciPy, no Django import: the workflow (services.py) reads people into the feature
arrays below, calls `score_matrix`, `rule_flags` and `solve`, and stores what comes back.

- Scoring: each factor is an (n_mentees, n_mentors) float32 matrix of values in [0, 1]; a pair's
  score is the weighted sum. `explain` recomputes the factors for chosen pairs only, so every
  explanation's contributions add up to the pair's score.
- Hard rules: `rule_flags` gives a bit per rule that forbids a pair; a pair is allowed when no
  bit is set. `unmatched_reason` turns the bits (or a shortage of places) into a sentence.
- Assignment: `solve` is exact. Each mentor becomes as many columns ("slots") as their capacity
  and SciPy's linear_sum_assignment maximises the total on that rectangular matrix. Forbidden and
  non-positive pairs get benefit 0 and are dropped after solving, which leaves people unmatched
  without one dummy column per mentee (see docs/decisions/0004-matching.md for the proof).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# --- factors and weights ----------------------------------------------------------------------

FACTORS: tuple[str, ...] = (
    "gap_coverage",
    "style_fit",
    "format_overlap",
    "availability",
    "language",
    "affinity",
    "shortlist",
)

FACTOR_LABELS: dict[str, str] = {
    "gap_coverage": "Strengths cover the mentee's development goals",
    "style_fit": "Leadership style the mentee asked for",
    "format_overlap": "Mentoring formats both want",
    "availability": "Shared meeting hours across time zones",
    "language": "Shared language",
    "affinity": "Related functions and industries",
    "shortlist": "On the mentee's shortlist",
}

DEFAULT_WEIGHTS: dict[str, float] = {
    "gap_coverage": 5.0,
    "style_fit": 1.0,
    "format_overlap": 1.0,
    "availability": 2.0,
    "language": 1.0,
    "affinity": 1.0,
    "shortlist": 2.0,
}

# Availability is counted in half-hour slots of a UTC day; two shared hours a weekday is plenty.
SLOTS_PER_DAY = 48
ENOUGH_SHARED_HOURS = 2.0

# Strength levels 1–5 mapped to coverage: a mentor at level 5 covers a gap fully, at 2 not at all.
COVERING_LEVEL_FLOOR = 2.0


def weight_vector(weights: Mapping[str, float] | None) -> npt.NDArray[np.float64]:
    """The weights in FACTORS order (missing factors weigh 0); refuses negative weights."""
    chosen = DEFAULT_WEIGHTS if weights is None else weights
    vector = np.array([float(chosen.get(name, 0.0)) for name in FACTORS], dtype=np.float64)
    if np.any(vector < 0) or not np.all(np.isfinite(vector)):
        raise ValueError("Weights must be finite numbers of 0 or more.")
    return vector


# --- features ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenteeFeatures:
    """What scoring reads about n mentees. Indicator arrays are (n, k) with 0/1 values.

    gap: (n, C) size of each competency gap (target - current), 0 where none.
    style_preference: (n, S) leadership styles asked for (all 0: no preference).
    formats: (n, F); availability: (n, 48) UTC half-hour slots; languages: (n, L);
    functions: (n, K); industries: (n, I); business_unit: (n,) ids, -1 for none.
    person: (n,) user ids, so that nobody is paired with themselves.
    """

    gap: FloatArray
    style_preference: FloatArray
    formats: FloatArray
    availability: FloatArray
    languages: FloatArray
    functions: FloatArray
    industries: FloatArray
    business_unit: IntArray
    person: IntArray
    index: IntArray | None = None

    @property
    def count(self) -> int:
        return int(self.gap.shape[0])

    @property
    def positions(self) -> IntArray:
        """Each row's index in the original problem (rows taken for an explanation keep it)."""
        return np.arange(self.count, dtype=np.int64) if self.index is None else self.index


@dataclass(frozen=True)
class MentorFeatures:
    """What scoring reads about m mentors, in the same columns as MenteeFeatures.

    strength: (m, C) level 0–5 per competency; style: (m, S) one-hot leadership style;
    capacity: (m,) free places (across every programme); matchable: (m,) onboarded and vetted.
    """

    strength: FloatArray
    style: FloatArray
    formats: FloatArray
    availability: FloatArray
    languages: FloatArray
    functions: FloatArray
    industries: FloatArray
    business_unit: IntArray
    person: IntArray
    capacity: IntArray
    matchable: BoolArray
    index: IntArray | None = None

    @property
    def count(self) -> int:
        return int(self.strength.shape[0])

    @property
    def positions(self) -> IntArray:
        return np.arange(self.count, dtype=np.int64) if self.index is None else self.index


@dataclass(frozen=True)
class PairLists:
    """Known pairs as (mentee index, mentor index) arrays: shortlist, conflicts, previous pairs."""

    shortlist: tuple[IntArray, IntArray] = field(default_factory=lambda: _no_pairs())
    conflict: tuple[IntArray, IntArray] = field(default_factory=lambda: _no_pairs())
    previous: tuple[IntArray, IntArray] = field(default_factory=lambda: _no_pairs())


def _no_pairs() -> tuple[IntArray, IntArray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)


def availability_slots(
    windows: Sequence[tuple[float, float]], utc_offset_hours: float
) -> FloatArray:
    """A person's local (start, end) hour windows as 48 UTC half-hour slots (wrapping midnight)."""
    slots = np.zeros(SLOTS_PER_DAY, dtype=np.float32)
    for start, end in windows:
        first = round((start - utc_offset_hours) * 2)
        last = round((end - utc_offset_hours) * 2)
        for slot in range(first, last):
            slots[slot % SLOTS_PER_DAY] = 1.0
    return slots


# --- scoring ----------------------------------------------------------------------------------
#
# Every factor is written once over a "dot" between rows of two indicator arrays: the full matrix
# uses a @ b.T, the explanation of chosen pairs uses row-by-row products. Same formula, so each
# explanation adds up to the score the solver saw.


def _dot(a: FloatArray, b: FloatArray, paired: bool) -> FloatArray:
    if paired:
        return np.einsum("ij,ij->i", a, b).astype(np.float32, copy=False)
    return (a @ b.T).astype(np.float32, copy=False)


def _per_mentee(values: FloatArray, paired: bool) -> FloatArray:
    return values if paired else values[:, None]


def _share(a: FloatArray, b: FloatArray, paired: bool) -> FloatArray:
    """Fraction of what each row of `a` asks for that `b` has; 1 where `a` asks for nothing."""
    wanted = _per_mentee(a.sum(axis=1, dtype=np.float32), paired)
    common = _dot(a, b, paired)
    wanted = np.broadcast_to(wanted, common.shape)
    return np.divide(common, wanted, out=np.ones_like(common), where=wanted > 0)


def _any_common(a: FloatArray, b: FloatArray, paired: bool) -> FloatArray:
    return np.minimum(_dot(a, b, paired), np.float32(1.0))


def _coverage(gap: FloatArray, strength: FloatArray, paired: bool) -> FloatArray:
    total = gap.sum(axis=1, dtype=np.float32)[:, None]
    share = np.divide(gap, total, out=np.zeros_like(gap), where=total > 0)
    covers = np.clip((strength - COVERING_LEVEL_FLOOR) / (5.0 - COVERING_LEVEL_FLOOR), 0.0, 1.0)
    return _dot(share.astype(np.float32), covers.astype(np.float32), paired)


def _availability(a: FloatArray, b: FloatArray, paired: bool) -> FloatArray:
    shared_hours = _dot(a, b, paired) * np.float32(0.5)
    return np.minimum(shared_hours / np.float32(ENOUGH_SHARED_HOURS), np.float32(1.0))


def _affinity(mentees: MenteeFeatures, mentors: MentorFeatures, paired: bool) -> FloatArray:
    functions = _any_common(mentees.functions, mentors.functions, paired)
    industries = _any_common(mentees.industries, mentors.industries, paired)
    return (functions + industries) * np.float32(0.5)


def _shortlist(
    mentees: MenteeFeatures, mentors: MentorFeatures, pairs: PairLists, paired: bool
) -> FloatArray:
    rows, cols = pairs.shortlist
    if paired:
        # Here row p of mentees and row p of mentors form pair p; `pairs` holds original indices.
        listed = set(zip(rows.tolist(), cols.tolist(), strict=True))
        keys = zip(mentees.positions.tolist(), mentors.positions.tolist(), strict=True)
        return np.array([key in listed for key in keys], dtype=np.float32)
    matrix = np.zeros((mentees.count, mentors.count), dtype=np.float32)
    matrix[rows, cols] = 1.0
    return matrix


def factor_values(
    name: str,
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    pairs: PairLists,
    *,
    paired: bool = False,
) -> FloatArray:
    """One factor's values in [0, 1]: an (n, m) matrix, or per pair when `paired` (rows align)."""
    if name == "gap_coverage":
        return _coverage(mentees.gap, mentors.strength, paired)
    if name == "style_fit":
        return _any_common(mentees.style_preference, mentors.style, paired)
    if name == "format_overlap":
        return _share(mentees.formats, mentors.formats, paired)
    if name == "availability":
        return _availability(mentees.availability, mentors.availability, paired)
    if name == "language":
        return _share(mentees.languages, mentors.languages, paired)
    if name == "affinity":
        return _affinity(mentees, mentors, paired)
    if name == "shortlist":
        return _shortlist(mentees, mentors, pairs, paired)
    raise ValueError(f"Unknown factor {name!r}.")


def score_matrix(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    weights: Mapping[str, float] | None = None,
    pairs: PairLists | None = None,
) -> FloatArray:
    """The weighted sum of every factor, float32, one factor matrix in memory at a time."""
    vector = weight_vector(weights)
    pairs = pairs or PairLists()
    scores = np.zeros((mentees.count, mentors.count), dtype=np.float32)
    for weight, name in zip(vector, FACTORS, strict=True):
        if weight:
            scores += np.float32(weight) * factor_values(name, mentees, mentors, pairs)
    return scores


def explain(
    rows: npt.ArrayLike,
    cols: npt.ArrayLike,
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    weights: Mapping[str, float] | None = None,
    pairs: PairLists | None = None,
) -> list[dict[str, float]]:
    """Each pair's contribution per factor (weight x value); they sum to the pair's score."""
    vector = weight_vector(weights)
    pairs = pairs or PairLists()
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    sub_mentees = _take_mentees(mentees, rows)
    sub_mentors = _take_mentors(mentors, cols)
    contributions = np.zeros((len(rows), len(FACTORS)), dtype=np.float32)
    for index, (weight, name) in enumerate(zip(vector, FACTORS, strict=True)):
        if weight:
            values = factor_values(name, sub_mentees, sub_mentors, pairs, paired=True)
            contributions[:, index] = np.float32(weight) * values
    return [
        {name: float(value) for name, value in zip(FACTORS, row, strict=True)}
        for row in contributions
    ]


def _take_mentees(mentees: MenteeFeatures, rows: IntArray) -> MenteeFeatures:
    return MenteeFeatures(
        gap=mentees.gap[rows],
        style_preference=mentees.style_preference[rows],
        formats=mentees.formats[rows],
        availability=mentees.availability[rows],
        languages=mentees.languages[rows],
        functions=mentees.functions[rows],
        industries=mentees.industries[rows],
        business_unit=mentees.business_unit[rows],
        person=mentees.person[rows],
        index=mentees.positions[rows],
    )


def _take_mentors(mentors: MentorFeatures, cols: IntArray) -> MentorFeatures:
    return MentorFeatures(
        strength=mentors.strength[cols],
        style=mentors.style[cols],
        formats=mentors.formats[cols],
        availability=mentors.availability[cols],
        languages=mentors.languages[cols],
        functions=mentors.functions[cols],
        industries=mentors.industries[cols],
        business_unit=mentors.business_unit[cols],
        person=mentors.person[cols],
        capacity=mentors.capacity[cols],
        matchable=mentors.matchable[cols],
        index=mentors.positions[cols],
    )


# --- hard rules -------------------------------------------------------------------------------

RULE_NO_CAPACITY = 1
RULE_CONFLICT = 2
RULE_SAME_UNIT = 4
RULE_PREVIOUS = 8
RULE_NO_LANGUAGE = 16
RULE_NOT_MATCHABLE = 32
RULE_SELF = 64

RULE_LABELS: dict[int, str] = {
    RULE_NO_CAPACITY: "has no free place",
    RULE_CONFLICT: "has a declared conflict of interest or shares a reporting line",
    RULE_SAME_UNIT: "is in the mentee's own business unit (this programme pairs across units)",
    RULE_PREVIOUS: "was paired with the mentee before",
    RULE_NO_LANGUAGE: "shares no language with the mentee",
    RULE_NOT_MATCHABLE: "is not yet matchable (onboarding or vetting unfinished)",
    RULE_SELF: "is the mentee themselves",
}


def rule_flags(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    pairs: PairLists | None = None,
    *,
    cross_unit: bool = True,
) -> npt.NDArray[np.uint8]:
    """For every pair, a bit per hard rule that forbids it (0: allowed)."""
    pairs = pairs or PairLists()
    n, m = mentees.count, mentors.count
    flags = np.zeros((n, m), dtype=np.uint8)
    flags[:, mentors.capacity <= 0] |= RULE_NO_CAPACITY
    flags[:, ~mentors.matchable.astype(bool)] |= RULE_NOT_MATCHABLE
    rows, cols = pairs.conflict
    flags[rows, cols] |= RULE_CONFLICT
    rows, cols = pairs.previous
    flags[rows, cols] |= RULE_PREVIOUS
    if cross_unit:
        same = (mentees.business_unit[:, None] == mentors.business_unit[None, :]) & (
            mentees.business_unit[:, None] >= 0
        )
        flags[same] |= RULE_SAME_UNIT
    # Only people who both list languages can be known to share none.
    both_listed = (mentees.languages.sum(axis=1) > 0)[:, None] & (
        mentors.languages.sum(axis=1) > 0
    )[None, :]
    no_common = (mentees.languages @ mentors.languages.T) < 0.5
    flags[both_listed & no_common] |= RULE_NO_LANGUAGE
    flags[mentees.person[:, None] == mentors.person[None, :]] |= RULE_SELF
    return flags


def unmatched_reason(
    flags_row: npt.NDArray[np.uint8], scores_row: FloatArray, assignment_taken: bool = True
) -> str:
    """Why a mentee was left out: every mentor ruled out (and by which rules), or a shortage."""
    if flags_row.size == 0:
        return "No eligible mentor is available for this cohort."
    allowed = flags_row == 0
    if not allowed.any():
        counts = {bit: int(np.count_nonzero(flags_row & bit)) for bit in RULE_LABELS}
        parts = [f"{count} {RULE_LABELS[bit]}" for bit, count in counts.items() if count]
        return "Every mentor is ruled out: " + "; ".join(parts) + "."
    if not np.any(scores_row[allowed] > 0):
        return "No allowed mentor fits any of the mentee's goals or preferences (all scores are 0)."
    suited = int(np.count_nonzero(allowed & (scores_row > 0)))
    noun = "mentor who suits is" if suited == 1 else "mentors who suit are"
    return f"Shortage: the {suited} {noun} full with mentees they fit better."


# --- assignment -------------------------------------------------------------------------------


def solve(
    scores: npt.ArrayLike,
    capacity: npt.ArrayLike,
    allowed: npt.ArrayLike | None = None,
    maximize_matched: bool = False,
) -> IntArray:
    """The pairing with the highest total score: each mentee's mentor index, or -1.

    Every mentor gets at most `capacity[j]` mentees, each mentee at most one mentor, and no pair
    with `allowed` False. By default a pair of score <= 0 is never chosen (nobody is better off in
    it than unmatched). With `maximize_matched`, the number of people matched comes first and the
    total score second (every allowed pair counts, whatever its score). Deterministic.
    """
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("scores must be a 2-D (mentees x mentors) array.")
    n, m = matrix.shape
    places = np.asarray(capacity, dtype=np.int64).reshape(-1)
    if places.shape[0] != m:
        raise ValueError("capacity needs one entry per mentor (column of scores).")
    mask = np.ones((n, m), dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
    if mask.shape != (n, m):
        raise ValueError("allowed must have the same shape as scores.")
    if not np.all(np.isfinite(matrix[mask])):
        raise ValueError("scores of allowed pairs must be finite.")

    result = np.full(n, -1, dtype=np.int64)
    places = np.minimum(np.maximum(places, 0), n)
    slot_mentor = np.repeat(np.arange(m, dtype=np.int64), places)
    if n == 0 or slot_mentor.size == 0:
        return result

    benefit = _benefit(matrix, mask, maximize_matched)
    if not np.any(benefit > 0):
        return result
    # Rows of mentees with nothing positive can never gain: leave them out of the solve.
    useful_rows = np.flatnonzero(np.any(benefit > 0, axis=1))
    expanded = benefit[useful_rows][:, slot_mentor]
    rows, slots = linear_sum_assignment(expanded, maximize=True)
    kept = expanded[rows, slots] > 0
    result[useful_rows[rows[kept]]] = slot_mentor[slots[kept]]
    return result


def _benefit(
    matrix: npt.NDArray[np.float64], mask: BoolArray, maximize_matched: bool
) -> npt.NDArray[np.float64]:
    """What the solver maximises: 0 means "as good as unmatched" and is dropped after solving."""
    if not maximize_matched:
        return np.where(mask & (matrix > 0), matrix, 0.0)
    if not mask.any():
        return np.zeros_like(matrix)
    allowed_scores = matrix[mask]
    low, high = float(allowed_scores.min()), float(allowed_scores.max())
    pairs_possible = min(matrix.shape)
    # One more matched pair must outweigh any difference in total score between two pairings.
    bonus = (high - low) * pairs_possible + abs(low) + 1.0
    return np.where(mask, matrix + bonus, 0.0)


def total_score(scores: npt.ArrayLike, assignment: IntArray) -> float:
    """The sum of the chosen pairs' scores."""
    matrix = np.asarray(scores, dtype=np.float64)
    matched = np.flatnonzero(assignment >= 0)
    return float(matrix[matched, assignment[matched]].sum())


def greedy(
    scores: npt.ArrayLike, capacity: npt.ArrayLike, allowed: npt.ArrayLike | None = None
) -> IntArray:
    """The baseline: take the best remaining positive pair first until nothing fits.

    Processes pairs in bands of descending score so the whole matrix is never sorted at once;
    the result is the same as one full sort (ties broken by mentee, then mentor index).
    """
    matrix = np.asarray(scores, dtype=np.float64)
    n, m = matrix.shape
    mask = np.ones((n, m), dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
    left = np.asarray(capacity, dtype=np.int64).copy()
    result = np.full(n, -1, dtype=np.int64)
    benefit = np.where(mask & (matrix > 0), matrix, 0.0)
    positive = benefit[benefit > 0]
    if positive.size == 0:
        return result
    thresholds = [*np.unique(np.quantile(positive, [0.999, 0.99, 0.95, 0.8, 0.5]))[::-1], 0.0]
    upper = np.inf
    for lower in thresholds:
        band = (benefit > lower) & (benefit <= upper)
        band[result >= 0, :] = False
        band[:, left <= 0] = False
        rows, cols = np.nonzero(band)
        order = np.lexsort((cols, rows, -benefit[rows, cols]))
        for row, col in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
            if result[row] < 0 and left[col] > 0:
                result[row] = col
                left[col] -= 1
        upper = lower
        if np.all(result >= 0) or not np.any(left > 0):
            break
    return result
