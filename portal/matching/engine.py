"""The matching engine: score every mentee–mentor pair, rule pairs out, find the best pairing.

Pure NumPy/SciPy, no Django import: the workflow (services.py) reads people into the feature
arrays below, calls `score_matrix`, `rule_flags` and `solve`, and stores what comes back.

- Scoring: each factor is an (n_mentees, n_mentors) float32 matrix of values in [0, 1]; a pair's
  score is the weighted sum. `explain` recomputes the factors for chosen pairs only, so every
  explanation's contributions add up to the pair's score.
- Hard rules: `rule_flags` gives a bit per rule that forbids a pair (uint16); a pair is allowed
  when no bit is set. `rule_labels` names the bits in words, `unmatched_reason` turns them (or a
  shortage of places) into a sentence.
- Assignment: `solve` is exact. Each mentor becomes as many columns ("slots") as their capacity.
  Small problems: SciPy's linear_sum_assignment maximises the total on that rectangular matrix.
  Large ones: a few priced candidate mentors per mentee, an exact sparse assignment on them, and
  an LP-duality certificate over every pair that adds missing candidates until the optimum is
  proven (`_solve_sparse`). Forbidden and non-positive pairs get benefit 0 and are dropped, which
  leaves people unmatched without a dummy column block (docs/decisions/0004-matching.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    "answers",
)

FACTOR_LABELS: dict[str, str] = {
    "gap_coverage": "Strengths cover the mentee's development goals",
    "style_fit": "Leadership style the mentee asked for",
    "format_overlap": "Mentoring formats both want",
    "availability": "Shared meeting hours across time zones",
    "language": "Shared language",
    "affinity": "Related functions and industries",
    "shortlist": "On the mentee's shortlist",
    "answers": "Answers to the programme's own questions",
}

DEFAULT_WEIGHTS: dict[str, float] = {
    "gap_coverage": 5.0,
    "style_fit": 1.0,
    "format_overlap": 1.0,
    "availability": 2.0,
    "language": 1.0,
    "affinity": 1.0,
    "shortlist": 2.0,
    "answers": 1.0,
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
class AnswerGroup:
    """One programme question in the `answers` columns: its options are columns start..stop,
    its weight is relative to the other questions', and `similar` prefers a shared answer
    (else a different one; a side that did not answer earns nothing either way)."""

    start: int
    stop: int
    weight: float
    similar: bool = True


@dataclass(frozen=True)
class MenteeFeatures:
    """What scoring reads about n mentees. Indicator arrays are (n, k) with 0/1 values.

    gap: (n, C) size of each competency gap (target - current), 0 where none.
    style_preference: (n, S) leadership styles asked for (all 0: no preference).
    formats: (n, F); availability: (n, 48) UTC half-hour slots; languages: (n, L);
    functions: (n, K); industries: (n, I); business_unit: (n,) ids, -1 for none.
    person: (n,) user ids, so that nobody is paired with themselves.
    line_managers: (n, 2) user ids of the person's manager and their manager's manager (-1 for
    none); None: no reporting line is known. utc_offset: (n,) hours from UTC now; None: unknown.
    answers: (n, A) the options each chose of the programme's weighted questions, described by
    `answer_groups` (the mentors' `answers` have the same columns); None: no such questions.
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
    line_managers: IntArray | None = None
    utc_offset: FloatArray | None = None
    answers: FloatArray | None = None
    answer_groups: tuple[AnswerGroup, ...] = ()

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
    line_managers, utc_offset: as for mentees.
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
    line_managers: IntArray | None = None
    utc_offset: FloatArray | None = None
    answers: FloatArray | None = None

    @property
    def count(self) -> int:
        return int(self.strength.shape[0])

    @property
    def positions(self) -> IntArray:
        return np.arange(self.count, dtype=np.int64) if self.index is None else self.index


@dataclass(frozen=True)
class PairLists:
    """Known pairs as (mentee index, mentor index) arrays: shortlist, accepted declared conflicts
    of interest (governance), previous pairs."""

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
    product: FloatArray = np.einsum("ij,ij->i", a, b) if paired else a @ b.T
    return product.astype(np.float32, copy=False)


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
    share: FloatArray = np.minimum(shared_hours / np.float32(ENOUGH_SHARED_HOURS), np.float32(1.0))
    return share


def _affinity(mentees: MenteeFeatures, mentors: MentorFeatures, paired: bool) -> FloatArray:
    functions = _any_common(mentees.functions, mentors.functions, paired)
    industries = _any_common(mentees.industries, mentors.industries, paired)
    return (functions + industries) * np.float32(0.5)


def _answers(mentees: MenteeFeatures, mentors: MentorFeatures, paired: bool) -> FloatArray:
    """The weighted share of the programme's questions on which the pair answered as the
    programme prefers (the same option, or different ones); 0 with no weighted questions."""
    shape = (mentees.count,) if paired else (mentees.count, mentors.count)
    value = np.zeros(shape, dtype=np.float32)
    groups = mentees.answer_groups
    total = float(sum(group.weight for group in groups))
    if mentees.answers is None or mentors.answers is None or total <= 0:
        return value
    for group in groups:
        a = mentees.answers[:, group.start : group.stop]
        b = mentors.answers[:, group.start : group.stop]
        common = _any_common(a, b, paired)
        if group.similar:
            met = common
        else:
            mentee_answered = _per_mentee(a.max(axis=1), paired)
            mentor_answered = b.max(axis=1) if paired else b.max(axis=1)[None, :]
            met = mentee_answered * mentor_answered * (np.float32(1.0) - common)
        value += np.float32(group.weight / total) * met.astype(np.float32, copy=False)
    return value


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
    if name == "answers":
        return _answers(mentees, mentors, paired)
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
    contributions = _contributions(rows, cols, mentees, mentors, weights, pairs)
    return [
        {name: float(value) for name, value in zip(FACTORS, row, strict=True)}
        for row in contributions
    ]


def pair_scores(
    rows: npt.ArrayLike,
    cols: npt.ArrayLike,
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    weights: Mapping[str, float] | None = None,
    pairs: PairLists | None = None,
) -> npt.NDArray[np.float64]:
    """The scores of the chosen pairs only (one mentee against every mentor, say), as `explain`
    adds them up, without the whole matrix."""
    contributions = _contributions(rows, cols, mentees, mentors, weights, pairs)
    totals: npt.NDArray[np.float64] = contributions.sum(axis=1, dtype=np.float64)
    return totals


def _contributions(
    rows: npt.ArrayLike,
    cols: npt.ArrayLike,
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    weights: Mapping[str, float] | None,
    pairs: PairLists | None,
) -> FloatArray:
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
    return contributions


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
        line_managers=None if mentees.line_managers is None else mentees.line_managers[rows],
        utc_offset=None if mentees.utc_offset is None else mentees.utc_offset[rows],
        answers=None if mentees.answers is None else mentees.answers[rows],
        answer_groups=mentees.answer_groups,
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
        line_managers=None if mentors.line_managers is None else mentors.line_managers[cols],
        utc_offset=None if mentors.utc_offset is None else mentors.utc_offset[cols],
        answers=None if mentors.answers is None else mentors.answers[cols],
    )


# --- hard rules -------------------------------------------------------------------------------

RULE_NO_CAPACITY = 1
RULE_CONFLICT = 2
RULE_SAME_UNIT = 4
RULE_PREVIOUS = 8
RULE_NO_LANGUAGE = 16
RULE_NOT_MATCHABLE = 32
RULE_SELF = 64
RULE_REPORTING_LINE = 128
RULE_TIME_ZONE = 256

# Nine rules: the flags need 16 bits (uint8 held the first seven).
FLAGS_DTYPE = np.uint16
FlagArray = npt.NDArray[np.uint16]

RULE_LABELS: dict[int, str] = {
    RULE_NO_CAPACITY: "has no free place",
    RULE_CONFLICT: "has a declared conflict of interest",
    RULE_SAME_UNIT: "is in the mentee's own business unit (this programme pairs across units)",
    RULE_PREVIOUS: "was paired with the mentee before",
    RULE_NO_LANGUAGE: "shares no language with the mentee",
    RULE_NOT_MATCHABLE: "is not yet matchable (onboarding, vetting or policies to acknowledge)",
    RULE_SELF: "is the mentee themselves",
    RULE_REPORTING_LINE: "reports to or manages the mentee (directly or one level removed)",
    RULE_TIME_ZONE: "is more than {hours} hours from the mentee's time zone",
}

# Rules about this one pair of people (not about the mentor alone or the programme's settings):
# the run page names the mentors they rule out for each mentee.
PERSONAL_RULES = RULE_CONFLICT | RULE_REPORTING_LINE


def rule_label(bit: int, max_hours_apart: float | None = None) -> str:
    """One rule in words; the time-zone rule names the programme's cap."""
    hours = "the programme's" if max_hours_apart is None else f"{max_hours_apart:g}"
    return RULE_LABELS[bit].format(hours=hours)


def rule_labels(bits: int, max_hours_apart: float | None = None) -> list[str]:
    """Every rule set in `bits`, in words, in RULE_LABELS order."""
    return [rule_label(bit, max_hours_apart) for bit in RULE_LABELS if bits & bit]


def _in_line(people: IntArray, line_managers: IntArray | None) -> BoolArray:
    """(len(line_managers), len(people)): whether each person is a row's manager or skip-level
    manager. Ids are >= 1, so the -1 of "no manager" never matches."""
    if line_managers is None:
        return np.zeros((0, people.size), dtype=bool)
    lines = np.asarray(line_managers, dtype=np.int64).reshape(-1, 2)
    found: BoolArray = (lines[:, 0, None] == people[None, :]) | (
        lines[:, 1, None] == people[None, :]
    )
    return found & (people[None, :] >= 0)


def hours_apart(a: FloatArray, b: FloatArray) -> FloatArray:
    """(len(a), len(b)) hours between UTC offsets, the short way round the clock (0–12)."""
    diff = np.abs(a[:, None].astype(np.float32) - b[None, :].astype(np.float32)) % 24
    apart: FloatArray = np.minimum(diff, 24 - diff)
    return apart


def rule_flags(
    mentees: MenteeFeatures,
    mentors: MentorFeatures,
    pairs: PairLists | None = None,
    *,
    cross_unit: bool = True,
    max_hours_apart: float | None = None,
) -> FlagArray:
    """For every pair, a bit per hard rule that forbids it (0: allowed).

    Reporting lines (both directions, direct or skip-level) are read from `line_managers`;
    `max_hours_apart` (None: no cap) forbids pairs further apart than that in time zones, where
    both offsets are known."""
    pairs = pairs or PairLists()
    n, m = mentees.count, mentors.count
    flags = np.zeros((n, m), dtype=FLAGS_DTYPE)
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
    if mentees.line_managers is not None:
        flags[_in_line(mentors.person, mentees.line_managers)] |= RULE_REPORTING_LINE
    if mentors.line_managers is not None:
        flags[_in_line(mentees.person, mentors.line_managers).T] |= RULE_REPORTING_LINE
    zones = (mentees.utc_offset, mentors.utc_offset)
    if max_hours_apart is not None and zones[0] is not None and zones[1] is not None:
        far = hours_apart(zones[0], zones[1]) > max_hours_apart + 1e-6
        flags[far] |= RULE_TIME_ZONE
    return flags


def unmatched_reason(
    flags_row: npt.NDArray[np.unsignedinteger],
    scores_row: FloatArray,
    assignment_taken: bool = True,
    *,
    max_hours_apart: float | None = None,
) -> str:
    """Why a mentee was left out: every mentor ruled out (and by which rules), or a shortage."""
    if flags_row.size == 0:
        return "No eligible mentor is available for this cohort."
    flags_row = np.asarray(flags_row).astype(np.int64)  # narrower arrays (uint8) still work
    allowed = flags_row == 0
    if not allowed.any():
        counts = {bit: int(np.count_nonzero(flags_row & bit)) for bit in RULE_LABELS}
        parts = [
            f"{count} {rule_label(bit, max_hours_apart)}" for bit, count in counts.items() if count
        ]
        return "Every mentor is ruled out: " + "; ".join(parts) + "."
    if not np.any(scores_row[allowed] > 0):
        return "No allowed mentor fits any of the mentee's goals or preferences (all scores are 0)."
    suited = int(np.count_nonzero(allowed & (scores_row > 0)))
    noun = "mentor who suits is" if suited == 1 else "mentors who suit are"
    return f"Shortage: the {suited} {noun} full with mentees they fit better."


# --- assignment -------------------------------------------------------------------------------


# Above this many mentee x slot cells `solve` works on a sparse set of candidate pairs with an
# optimality certificate (`_solve_sparse`); below it the dense slot matrix is solved directly.
_DENSE_CELLS = 4_000_000
_FIRST_CANDIDATES = 8  # mentors per mentee in the first sparse problem (best after pricing)
_ADDED_PER_ROUND = 4  # most violating mentors added per uncertified mentee and round
_MAX_ROUNDS = 30
_ROW_CHUNK = 512  # rows per block in dense passes, so temporaries stay small
_AUCTION_STEPS = (0.04, 0.004, 0.0004)  # bid steps (epsilon scaling), shares of the score range
_AUCTION_MAX_ROUNDS = 20_000


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
    matrix = np.asarray(scores)
    if matrix.dtype not in (np.float32, np.float64):
        matrix = matrix.astype(np.float64)
    if matrix.ndim != 2:
        raise ValueError("scores must be a 2-D (mentees x mentors) array.")
    n, m = matrix.shape
    places = np.asarray(capacity, dtype=np.int64).reshape(-1)
    if places.shape[0] != m:
        raise ValueError("capacity needs one entry per mentor (column of scores).")
    mask = np.ones((n, m), dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
    if mask.shape != (n, m):
        raise ValueError("allowed must have the same shape as scores.")
    if not np.all(np.isfinite(matrix), where=mask):
        raise ValueError("scores of allowed pairs must be finite.")

    result = np.full(n, -1, dtype=np.int64)
    places = np.minimum(np.maximum(places, 0), n)
    if n == 0 or not np.any(places > 0):
        return result

    benefit = _benefit(matrix, mask, maximize_matched)
    if np.any(places == 0):
        benefit[:, places == 0] = 0  # mentors without a place can take nobody
    # Rows of mentees with nothing positive can never gain: leave them out of the solve.
    useful_rows = np.flatnonzero(benefit.max(axis=1) > 0)
    if useful_rows.size == 0:
        return result
    if useful_rows.size < n:
        benefit = benefit[useful_rows]
    places = np.minimum(places, useful_rows.size)
    if useful_rows.size * int(places.sum()) <= _DENSE_CELLS:
        result[useful_rows] = _solve_dense(benefit, places)
    else:
        result[useful_rows] = _solve_sparse(benefit, places)
    return result


def _benefit(
    matrix: npt.NDArray[np.floating], mask: BoolArray, maximize_matched: bool
) -> npt.NDArray[np.floating]:
    """What the solver maximises: 0 means "as good as unmatched" and is dropped after solving.

    Keeps float32 scores in float32 (exact, half the memory); the bonus needs float64.
    """
    if not maximize_matched:
        return np.where(mask & (matrix > 0), matrix, matrix.dtype.type(0))
    if not mask.any():
        return np.zeros(matrix.shape, dtype=np.float64)
    low = float(matrix.min(where=mask, initial=np.inf))
    high = float(matrix.max(where=mask, initial=-np.inf))
    pairs_possible = min(matrix.shape)
    # One more matched pair must outweigh any difference in total score between two pairings.
    bonus = (high - low) * pairs_possible + abs(low) + 1.0
    return np.where(mask, matrix.astype(np.float64) + bonus, 0.0)


def _solve_dense(benefit: npt.NDArray[np.floating], places: IntArray) -> IntArray:
    """Each mentor as `places[j]` identical columns; SciPy's dense assignment on that matrix."""
    slot_mentor = np.repeat(np.arange(places.size, dtype=np.int64), places)
    expanded = benefit[:, slot_mentor].astype(np.float64)
    rows, slots = linear_sum_assignment(expanded, maximize=True)
    chosen = np.full(benefit.shape[0], -1, dtype=np.int64)
    kept = expanded[rows, slots] > 0
    chosen[rows[kept]] = slot_mentor[slots[kept]]
    return chosen


def _solve_sparse(benefit: npt.NDArray[np.floating], places: IntArray) -> IntArray:
    """The exact optimum from a few candidate mentors per mentee, certified by LP duality.

    1. A short auction prices the mentors; each mentee's candidates are the mentors with the
       highest benefit minus price (the mentors it could realistically get).
    2. The problem restricted to candidates is solved exactly (sparse assignment on slots).
    3. Mentor prices v >= 0 that are optimal duals of the restricted problem are computed
       (`_restricted_prices`). With u_i = max(0, max_j benefit_ij - v_j) over *all* mentors,
       (u, v) is feasible for the dual of the full problem, so sum(u) + capacity . v bounds every
       pairing's total from above. When the restricted optimum reaches that bound, it is optimal
       for the full problem. Otherwise each mentee whose u_i exceeds what it gets adds its most
       violating mentors to the candidates, and the loop repeats.
    Falls back to the dense solve if the certificate cannot be reached (never seen in practice).
    """
    n, m = benefit.shape
    prices = _auction_prices(benefit, places)
    rows, cols = _best_candidates(benefit, prices, _FIRST_CANDIDATES)
    for _round in range(_MAX_ROUNDS):
        values = benefit[rows, cols].astype(np.float64)
        chosen = _sparse_assignment(n, places, rows, cols, values)
        duals = _restricted_prices(benefit, places, rows, cols, values, chosen)
        if duals is None:
            break
        certified, new_rows, new_cols = _certify(benefit, places, chosen, duals)
        if certified:
            return chosen
        if new_rows.size == 0:
            break
        keys = np.unique(np.concatenate([rows * m + cols, new_rows * m + new_cols]))
        if keys.size == rows.size:
            break  # nothing new to add: only float noise is left to blame
        rows, cols = np.divmod(keys, m)
    return _solve_dense(benefit, places)


def _auction_prices(benefit: npt.NDArray[np.floating], places: IntArray) -> npt.NDArray[np.float64]:
    """Approximate mentor prices from a forward auction (mentees bid for places), in two rounds
    of epsilon scaling. Only a guide for choosing candidates: exactness comes from `_certify`."""
    n, m = benefit.shape
    dtype = benefit.dtype.type
    high = float(benefit.max())
    spread = (high - float(benefit.min(where=benefit > 0, initial=high))) or high
    prices = np.zeros(m, dtype=benefit.dtype)
    can_bid = benefit.max(axis=1) > 0
    bids = np.zeros(n, dtype=benefit.dtype)
    rounds = 0
    for share in _AUCTION_STEPS:
        step = dtype(spread * share)
        owner = np.full(n, -1, dtype=np.int64)
        bidding = can_bid.copy()
        while rounds < _AUCTION_MAX_ROUNDS:
            waiting = np.flatnonzero(bidding & (owner < 0))
            if waiting.size == 0:
                break
            rounds += 1
            first = np.empty(waiting.size, dtype=np.int64)
            best = np.empty(waiting.size, dtype=benefit.dtype)
            second = np.empty(waiting.size, dtype=benefit.dtype)
            for start in range(0, waiting.size, _ROW_CHUNK):
                part = slice(start, start + _ROW_CHUNK)
                net = benefit[waiting[part]] - prices
                top = net.argmax(axis=1)
                inside = np.arange(top.size)
                first[part] = top
                best[part] = net[inside, top]
                net[inside, top] = -np.inf
                second[part] = np.maximum(net.max(axis=1), 0)
            # Prices only rise, so a mentee whose best is worth nothing drops out for good.
            gains = best > 0
            bidding[waiting[~gains]] = False
            waiting, first = waiting[gains], first[gains]
            owner[waiting] = first
            bids[waiting] = prices[first] + (best[gains] - second[gains]) + step
            # Each mentor that got bids keeps its highest bids up to its places.
            touched = np.unique(first)
            holders = np.flatnonzero(np.isin(owner, touched))
            held_by = owner[holders]
            order = np.lexsort((holders, -bids[holders], held_by))
            holders, held_by = holders[order], held_by[order]
            rank = np.arange(holders.size) - np.searchsorted(held_by, held_by, side="left")
            out = rank >= places[held_by]
            owner[holders[out]] = -1
            kept, kept_by = holders[~out], held_by[~out]
            full = np.bincount(kept_by, minlength=m)[touched] >= places[touched]
            lowest = np.full(m, np.inf, dtype=benefit.dtype)
            np.minimum.at(lowest, kept_by, bids[kept])
            prices[touched[full]] = lowest[touched[full]]
    return prices


def _best_candidates(
    benefit: npt.NDArray[np.floating], prices: npt.NDArray[np.float64], count: int
) -> tuple[IntArray, IntArray]:
    """Per mentee, the `count` mentors of highest benefit minus price (positive benefit only)."""
    n, m = benefit.shape
    count = min(count, m)
    rows_out, cols_out = [], []
    for start in range(0, n, _ROW_CHUNK):
        block = benefit[start : start + _ROW_CHUNK]
        net = block - prices
        if count < m:
            top = np.argpartition(-net, count - 1, axis=1)[:, :count]
        else:
            top = np.broadcast_to(np.arange(m), net.shape)
        rows = np.repeat(np.arange(start, start + block.shape[0], dtype=np.int64), count)
        cols = top.reshape(-1).astype(np.int64)
        good = block[rows - start, cols] > 0
        rows_out.append(rows[good])
        cols_out.append(cols[good])
    rows, cols = np.concatenate(rows_out), np.concatenate(cols_out)
    keys = np.unique(rows * m + cols)
    return np.divmod(keys, m)


def _sparse_assignment(
    n: int, places: IntArray, rows: IntArray, cols: IntArray, values: npt.NDArray[np.float64]
) -> IntArray:
    """Exact optimum over the candidate pairs: slots as columns, plus one private "unmatched"
    column per mentee (cost `top`, as good as benefit 0), so a full matching always exists."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    first_slot = np.concatenate([[0], np.cumsum(places)])
    slot_count = int(first_slot[-1])
    copies = places[cols]
    edge_rows = np.repeat(rows, copies)
    edge_values = np.repeat(values, copies)
    within = np.arange(edge_rows.size) - np.repeat(np.cumsum(copies) - copies, copies)
    edge_slots = np.repeat(first_slot[cols], copies) + within
    # Costs top - benefit are all > 0 (SciPy reads an explicit 0 as "no edge"); every mentee is
    # matched exactly once, so the constant `top` does not change which matching is cheapest.
    top = float(values.max()) + 1.0
    graph = csr_array(
        (
            np.concatenate([top - edge_values, np.full(n, top)]),
            (
                np.concatenate([edge_rows, np.arange(n)]),
                np.concatenate([edge_slots, slot_count + np.arange(n)]),
            ),
        ),
        shape=(n, slot_count + n),
    )
    matched_rows, matched_slots = min_weight_full_bipartite_matching(graph)
    chosen = np.full(n, -1, dtype=np.int64)
    real = matched_slots < slot_count
    slot_mentor = np.repeat(np.arange(places.size, dtype=np.int64), places)
    chosen[matched_rows[real]] = slot_mentor[matched_slots[real]]
    return chosen


def _restricted_prices(
    benefit: npt.NDArray[np.floating],
    places: IntArray,
    rows: IntArray,
    cols: IntArray,
    values: npt.NDArray[np.float64],
    chosen: IntArray,
) -> npt.NDArray[np.float64] | None:
    """The highest mentor prices v that are optimal duals of the restricted problem.

    Complementary slackness fixes u_i = benefit(i, own mentor) - v(own mentor) for a matched
    mentee, u_i = 0 for an unmatched one, and v_j = 0 for a mentor with a free place. Dual
    feasibility u_i + v_j >= benefit_ij then reads v_own <= v_j + (benefit_i,own - benefit_ij),
    plus v_own <= benefit_i,own (u_i >= 0): difference constraints, whose greatest solution is a
    shortest-path distance from a zero node (Bellman-Ford, vectorised, stopping when nothing
    changes). High prices make the fewest outside pairs look better, so the fewest violations.
    Returns None on a negative cycle (the restricted matching would not be optimal).
    """
    m = places.size
    matched = np.flatnonzero(chosen >= 0)
    own_value = np.zeros(chosen.size, dtype=np.float64)
    own_value[matched] = benefit[matched, chosen[matched]]
    prices = np.full(m, np.inf)
    np.minimum.at(prices, chosen[matched], own_value[matched])
    has_room = np.bincount(chosen[matched], minlength=m) < np.maximum(places, 1)
    prices[has_room] = np.minimum(prices[has_room], 0.0)
    owner = chosen[rows]
    edge = (owner >= 0) & (owner != cols)
    source, target = cols[edge], owner[edge]
    weight = own_value[rows[edge]] - values[edge]
    changed = np.isfinite(prices)
    for _step in range(m + 1):
        live = changed[source]
        if not live.any():
            return prices if np.all(np.isfinite(prices)) else None
        updated = prices.copy()
        np.minimum.at(updated, target[live], prices[source[live]] + weight[live])
        changed = updated < prices
        prices = updated
    return None


def _certify(
    benefit: npt.NDArray[np.floating],
    places: IntArray,
    chosen: IntArray,
    prices: npt.NDArray[np.float64],
) -> tuple[bool, IntArray, IntArray]:
    """Whether `chosen` is optimal for the full problem, by the dual bound from `prices`;
    if not, per mentee the few mentors that violate dual feasibility most.

    With v = max(prices, 0) and u_i = max(0, max_j benefit_ij - v_j) over every mentor, (u, v)
    is dual feasible, so no pairing totals more than sum(u) + places . v. `chosen` is certified
    when its total reaches that bound (up to float rounding: 1e-9 of the largest benefit per
    mentee).
    """
    n, m = benefit.shape
    mentor_prices = np.maximum(prices, 0.0)
    matched = np.flatnonzero(chosen >= 0)
    own_value = np.zeros(n, dtype=np.float64)
    own_value[matched] = benefit[matched, chosen[matched]]
    total = float(own_value.sum())
    gets = np.zeros(n, dtype=np.float64)
    gets[matched] = own_value[matched] - mentor_prices[chosen[matched]]
    scale = max(1.0, float(own_value.max(initial=0.0)))
    tolerance = 1e-9 * scale
    bound = float(mentor_prices @ places)
    add_rows, add_cols = [], []
    for start in range(0, n, _ROW_CHUNK):
        net = benefit[start : start + _ROW_CHUNK].astype(np.float64) - mentor_prices
        best = net.max(axis=1)
        bound += float(np.maximum(best, 0.0).sum())
        excess = net - gets[start : start + _ROW_CHUNK, None]
        short = np.flatnonzero(best - gets[start : start + _ROW_CHUNK] > tolerance)
        if short.size == 0:
            continue
        count = min(_ADDED_PER_ROUND, m)
        worst = excess[short]
        if count < m:
            top = np.argpartition(-worst, count - 1, axis=1)[:, :count]
        else:
            top = np.broadcast_to(np.arange(m), worst.shape)
        rows = np.repeat(short, count)
        cols = top.reshape(-1).astype(np.int64)
        bad = worst[np.repeat(np.arange(short.size), count), cols] > tolerance
        add_rows.append(rows[bad] + start)
        add_cols.append(cols[bad])
    certified = bound - total <= tolerance * n
    if certified or not add_rows:
        return certified, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return False, np.concatenate(add_rows), np.concatenate(add_cols)


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


# --- stable matching --------------------------------------------------------------------------
#
# The other mode a programme may choose: no mentee and mentor who both prefer each other to what
# they got (docs/decisions/0020-stable-matching.md). Both sides rank the acceptable pairs only:
# allowed by the hard rules and of positive score, as in `solve`.
# - A mentee ranks the mentors on their shortlist first, then every other mentor; within each
#   group by score, highest first, ties to the lower mentor index.
# - A mentor ranks mentees by score, highest first, ties to the lower mentee index.
# Indices are the problem's order (services reads people by primary key), so the tie-breaking
# is deterministic and needs no random draw.

# Mentors per mentee first read into its list (with every mentor tied with the last of them);
# one turned away by a whole block reads the next 64 mentors, then twice as many each time.
_FIRST_BLOCK = 16
_NEXT_BLOCK = 64


def solve_stable(
    scores: npt.ArrayLike,
    capacity: npt.ArrayLike,
    allowed: npt.ArrayLike | None = None,
    shortlist: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> IntArray:
    """The mentee-optimal stable pairing: each mentee's mentor index, or -1.

    Mentee-proposing deferred acceptance (Gale–Shapley; Roth's hospitals and residents) with
    `capacity[j]` places per mentor: every mentee without a mentor proposes to the next mentor
    on their list, each mentor keeps the best proposals up to their places and turns the rest
    away, until nobody is left to propose. `shortlist` is (mentee indices, mentor indices), as in
    PairLists.shortlist; the preferences are described above. A pair that `allowed` forbids or
    of score <= 0 is never chosen. Deterministic. Same input checks and result shape as `solve`.

    Vectorised in rounds: all free mentees propose at once. A mentee skips every mentor who
    would turn them away at once (full with mentees it prefers): a mentor's mentees only get
    better, so that proposal could never succeed and changes nothing. Deferred acceptance ends
    in the same pairing whatever the order of proposals, so neither shortcut changes the result.
    """
    matrix, places, acceptable = _checked(scores, capacity, allowed)
    n, m = matrix.shape
    result = np.full(n, -1, dtype=np.int64)
    if n == 0 or not np.any(places > 0):
        return result
    acceptable &= (places > 0)[None, :]
    preferences = _MenteePreferences(matrix, acceptable, _Shortlist(shortlist, n))
    # Each mentor's mentees held: how many, and the last of them in the mentor's order.
    held = np.zeros(m, dtype=np.int64)
    last_value = np.full(m, -np.inf)
    last_mentee = np.full(m, n, dtype=np.int64)

    def would_keep(mentees: IntArray, mentors: IntArray) -> BoolArray:
        values = matrix[mentees, mentors]
        keeps: BoolArray = (held[mentors] < places[mentors]) | (
            (values > last_value[mentors])
            | ((values == last_value[mentors]) & (mentees < last_mentee[mentors]))
        )
        return keeps

    free = np.arange(n, dtype=np.int64)
    while free.size:
        free, targets = preferences.next_hopeful(free, would_keep)
        if free.size == 0:
            break
        touched = np.zeros(m + 1, dtype=bool)  # index m stands for "no mentor" (result -1)
        touched[targets] = True
        holders = np.flatnonzero(touched[result])
        people = np.concatenate([holders, free])
        mentors = np.concatenate([result[holders], targets])
        values = matrix[people, mentors]
        # By mentor, then the mentor's order: score highest first, ties to the lower index.
        order = np.lexsort((people, -values, mentors))
        people, mentors, values = people[order], mentors[order], values[order]
        rank = np.arange(people.size) - np.searchsorted(mentors, mentors, side="left")
        kept = rank < places[mentors]
        result[people[~kept]] = -1
        result[people[kept]] = mentors[kept]
        free = people[~kept]
        people, mentors, values = people[kept], mentors[kept], values[kept]
        last = np.flatnonzero(np.append(mentors[1:] != mentors[:-1], True))
        held[mentors[last]] = rank[kept][last] + 1
        last_value[mentors[last]] = values[last]
        last_mentee[mentors[last]] = people[last]
    return result


def _checked(
    scores: npt.ArrayLike, capacity: npt.ArrayLike, allowed: npt.ArrayLike | None
) -> tuple[npt.NDArray[np.floating], IntArray, BoolArray]:
    """`solve`'s input checks; returns scores as floats, capacity clipped to 0..n, and the
    acceptable pairs (allowed and of positive score)."""
    matrix = np.asarray(scores)
    if matrix.dtype not in (np.float32, np.float64):
        matrix = matrix.astype(np.float64)
    if matrix.ndim != 2:
        raise ValueError("scores must be a 2-D (mentees x mentors) array.")
    n, m = matrix.shape
    places = np.asarray(capacity, dtype=np.int64).reshape(-1)
    if places.shape[0] != m:
        raise ValueError("capacity needs one entry per mentor (column of scores).")
    mask = np.ones((n, m), dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
    if mask.shape != (n, m):
        raise ValueError("allowed must have the same shape as scores.")
    if not np.all(np.isfinite(matrix), where=mask):
        raise ValueError("scores of allowed pairs must be finite.")
    return matrix, np.minimum(np.maximum(places, 0), n), mask & (matrix > 0)


def _ranges(starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
    """Every position in [starts[k], ends[k]) for each k, and the k it belongs to."""
    lengths = np.maximum(ends - starts, 0)
    owner = np.repeat(np.arange(starts.size, dtype=np.int64), lengths)
    first = np.cumsum(lengths) - lengths
    return np.repeat(starts - first, lengths) + np.arange(int(lengths.sum())), owner


class _Shortlist:
    """The shortlist pairs sorted by mentee, so a block of mentees' entries is found at once."""

    def __init__(self, pairs: tuple[npt.ArrayLike, npt.ArrayLike] | None, n: int) -> None:
        if pairs is None:
            pairs = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        mentees = np.asarray(pairs[0], dtype=np.int64).reshape(-1)
        mentors = np.asarray(pairs[1], dtype=np.int64).reshape(-1)
        order = np.argsort(mentees, kind="stable")
        self.mentors = mentors[order]
        self.starts = np.searchsorted(mentees[order], np.arange(n + 1))

    def mask(self, rows: IntArray, m: int) -> BoolArray:
        """An (len(rows), m) mask: True where the row's mentee shortlisted the mentor."""
        positions, owner = _ranges(self.starts[rows], self.starts[rows + 1])
        listed = np.zeros((rows.size, m), dtype=bool)
        listed[owner, self.mentors[positions]] = True
        return listed


class _MenteePreferences:
    """Each mentee's list of acceptable mentors, best first, read a block at a time.

    A mentee's first block is their acceptable shortlisted mentors, then their `_FIRST_BLOCK`
    best other mentors, with every mentor tied with the last of them (a block never splits a
    tie, so the order within it is exact). Most mentees never need more; one turned away by
    their whole block reads the next (the mentors scoring below the previous block's last).
    Sorting every row in full would cost more than the whole deferred acceptance (ADR 0020).
    """

    def __init__(
        self, matrix: npt.NDArray[np.floating], acceptable: BoolArray, shortlist: _Shortlist
    ) -> None:
        n = matrix.shape[0]
        self.matrix, self.acceptable, self.shortlist = matrix, acceptable, shortlist
        self.pool = np.zeros(n * (_FIRST_BLOCK + 4), dtype=np.int64)  # the blocks, as read
        self.used = 0
        self.next = np.zeros(n, dtype=np.int64)  # position in `pool` of each mentee's next choice
        self.end = np.zeros(n, dtype=np.int64)  # end of each mentee's current block in `pool`
        self.below = np.full(n, np.inf)  # the next block scores below this
        self.complete = np.zeros(n, dtype=bool)  # the whole list has been read
        self.reads = np.zeros(n, dtype=np.int64)
        for start in range(0, n, _ROW_CHUNK):
            rows = np.arange(start, min(start + _ROW_CHUNK, n), dtype=np.int64)
            self._read(rows, _FIRST_BLOCK, with_shortlist=True)

    def next_hopeful(
        self, mentees: IntArray, would_keep: Callable[[IntArray, IntArray], BoolArray]
    ) -> tuple[IntArray, IntArray]:
        """For each mentee, the next mentor on their list who `would_keep` them (the mentors
        before it are passed over for good); mentees with nobody left are dropped."""
        found = np.full(mentees.size, -1, dtype=np.int64)
        pending = np.arange(mentees.size)
        while pending.size:
            who = mentees[pending]
            spent = who[(self.next[who] >= self.end[who]) & ~self.complete[who]]
            for start in range(0, spent.size, _ROW_CHUNK):
                rows = spent[start : start + _ROW_CHUNK]
                count = _NEXT_BLOCK << min(int(self.reads[rows].max()) - 1, 8)
                self._read(rows, count, with_shortlist=False)
            left = self.next[who] < self.end[who]
            pending, who = pending[left], who[left]
            if pending.size == 0:
                break
            positions, owner = _ranges(self.next[who], self.end[who])
            cols = self.pool[positions]
            hits = np.flatnonzero(would_keep(who[owner], cols))
            # `owner` is sorted, so each owner's first hit starts a run of equal owners.
            first = np.flatnonzero(np.diff(owner[hits], prepend=-1) != 0)
            hit_owner = owner[hits[first]]
            found[pending[hit_owner]] = cols[hits[first]]
            self.next[who] = self.end[who]
            self.next[who[hit_owner]] = positions[hits[first]] + 1
            missed = np.ones(pending.size, dtype=bool)
            missed[hit_owner] = False
            pending = pending[missed]
        chosen = found >= 0
        return mentees[chosen], found[chosen]

    def _read(self, rows: IntArray, count: int, with_shortlist: bool) -> None:
        m = self.matrix.shape[1]
        count = min(count, m)
        values = self.matrix[rows]
        listed = self.shortlist.mask(rows, m)
        listed &= self.acceptable[rows]
        hidden = ~self.acceptable[rows] | listed
        if not with_shortlist:  # a later block: only mentors below the previous block's last
            hidden |= values >= self.below[rows, None]
        rest = np.where(hidden, values.dtype.type(-np.inf), values)
        # The count-th highest of each row (-inf when fewer are acceptable: the list is read).
        last = np.partition(rest, m - count, axis=1)[:, m - count]
        taken = rest >= last[:, None]
        taken &= ~hidden
        self.below[rows] = last
        self.complete[rows] = np.isneginf(last)
        self.reads[rows] += 1
        if with_shortlist:
            taken |= listed
        local, cols = np.nonzero(taken)
        # Shortlisted first, then score highest first, ties to the lower mentor index.
        order = np.lexsort((cols, -values[local, cols], ~listed[local, cols], local))
        local, cols = local[order], cols[order]
        counts = np.bincount(local, minlength=rows.size)
        if self.used + cols.size > self.pool.size:
            grown = np.zeros(max(2 * self.pool.size, self.used + cols.size), dtype=np.int64)
            grown[: self.used] = self.pool[: self.used]
            self.pool = grown
        self.next[rows] = self.used + np.cumsum(counts) - counts
        self.end[rows] = self.next[rows] + counts
        self.pool[self.used : self.used + cols.size] = cols
        self.used += cols.size


def preference_ranks(
    scores: npt.ArrayLike,
    allowed: npt.ArrayLike | None,
    rows: npt.ArrayLike,
    cols: npt.ArrayLike,
    shortlist: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> IntArray:
    """Each pair's place in the mentee's list (1: their first choice), 0 where the pair is not
    acceptable (forbidden, or of score <= 0). The lists are `solve_stable`'s, so either mode's
    pairs can be counted the same way ("how many got their first choice")."""
    matrix = np.asarray(scores)
    n, m = matrix.shape
    mask = np.ones((n, m), dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
    rows = np.asarray(rows, dtype=np.int64).reshape(-1)
    cols = np.asarray(cols, dtype=np.int64).reshape(-1)
    ranks = np.zeros(rows.size, dtype=np.int64)
    lists = _Shortlist(shortlist, n)
    for start in range(0, rows.size, _ROW_CHUNK):
        part = slice(start, start + _ROW_CHUNK)
        mine, theirs = rows[part], cols[part]
        inside = np.arange(mine.size)
        values = matrix[mine]
        acceptable = mask[mine] & (values > 0)
        listed = lists.mask(mine, m)
        own_value = values[inside, theirs][:, None]
        own_listed = listed[inside, theirs][:, None]
        better = acceptable & (
            (listed & ~own_listed)
            | (
                (listed == own_listed)
                & (
                    (values > own_value)
                    | ((values == own_value) & (np.arange(m) < theirs[:, None]))
                )
            )
        )
        ranks[part] = np.where(acceptable[inside, theirs], better.sum(axis=1) + 1, 0)
    return ranks


def blocking_pairs(
    assignment: npt.ArrayLike,
    scores: npt.ArrayLike,
    capacity: npt.ArrayLike,
    allowed: npt.ArrayLike | None = None,
    shortlist: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> tuple[IntArray, IntArray]:
    """The pairs (mentee, mentor) that would both rather be together than where `assignment`
    puts them, under `solve_stable`'s preferences: the pair is acceptable, the mentee prefers
    the mentor to their own (or has none), and the mentor has a free place or prefers the mentee
    to the last of theirs. None for `solve_stable`'s result; how many the best-fit pairing leaves
    is one way to see what the two modes trade (bench/matching.py). A pair held outside the
    lists (an override) counts as no pair for either side."""
    matrix, places, mask = _checked(scores, capacity, allowed)
    result = np.asarray(assignment, dtype=np.int64).reshape(-1)
    n, m = matrix.shape
    matched = np.flatnonzero(result >= 0)
    held = np.bincount(result[matched], minlength=m)
    real = matched[mask[matched, result[matched]]]
    # Each mentor's last mentee: lowest score, ties to the higher index (the mentor's order).
    order = np.lexsort((-real, matrix[real, result[real]], result[real]))
    last_of = np.full(m, n, dtype=np.int64)
    last_value = np.full(m, -np.inf)
    last_of[result[real][order][::-1]] = real[order][::-1]
    last_value[result[real][order][::-1]] = matrix[real, result[real]][order][::-1]
    # Each mentee's own pair as a key (shortlisted, score, mentor); -1/-inf for none.
    own = np.where(np.isin(np.arange(n), real), result, -1)
    own_listed = np.zeros(n, dtype=bool)
    own_value = np.full(n, -np.inf)
    own_value[real] = matrix[real, result[real]]
    found_rows, found_cols = [], []
    columns = np.arange(m)
    lists = _Shortlist(shortlist, n)
    for start in range(0, n, _ROW_CHUNK):
        mine = np.arange(start, min(start + _ROW_CHUNK, n), dtype=np.int64)
        values = matrix[mine]
        listed = lists.mask(mine, m)
        inside = np.flatnonzero(own[mine] >= 0)
        own_listed[mine[inside]] = listed[inside, own[mine[inside]]]
        mine_listed = own_listed[mine][:, None]
        mine_value = own_value[mine][:, None]
        mentee_wants = (own[mine] < 0)[:, None] | (listed & ~mine_listed)
        mentee_wants |= (listed == mine_listed) & (
            (values > mine_value) | ((values == mine_value) & (columns < own[mine][:, None]))
        )
        mentor_wants = (held < places)[None, :] | (
            (places > 0)[None, :]
            & (
                (values > last_value[None, :])
                | ((values == last_value[None, :]) & (mine[:, None] < last_of[None, :]))
            )
        )
        local, cols = np.nonzero(mask[mine] & mentee_wants & mentor_wants)
        found_rows.append(mine[local])
        found_cols.append(cols.astype(np.int64))
    if not found_rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(found_rows), np.concatenate(found_cols)
