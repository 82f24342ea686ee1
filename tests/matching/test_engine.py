"""The matching engine on its own (no database): optimal, within capacity, explainable."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.matching import engine

# --- random small instances -------------------------------------------------------------------


@st.composite
def instances(draw, max_mentees=5, max_mentors=3):
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scores = np.round(rng.uniform(-1, 5, size=(n, m)), 2)
    if draw(st.booleans()):
        scores = np.round(scores)  # many ties
    capacity = rng.integers(0, 3, size=m)
    allowed = rng.random((n, m)) > draw(st.sampled_from([0.0, 0.2, 0.5, 1.0]))
    return scores, capacity, allowed


def assignments(n, m, capacity, allowed):
    """Every valid pairing that may leave people unmatched (brute force)."""
    for choice in itertools.product(range(-1, m), repeat=n):
        counts = np.bincount([c for c in choice if c >= 0], minlength=m)
        if np.any(counts > capacity):
            continue
        if any(c >= 0 and not allowed[i, c] for i, c in enumerate(choice)):
            continue
        yield np.array(choice, dtype=np.int64)


def brute_force_best(scores, capacity, allowed, key):
    n, m = scores.shape
    return max(key(a) for a in assignments(n, m, capacity, allowed))


def check_valid(result, scores, capacity, allowed):
    n, m = scores.shape
    assert result.shape == (n,)
    assert result.dtype.kind == "i"
    assert np.all((result >= -1) & (result < m))
    matched = result >= 0
    counts = np.bincount(result[matched], minlength=m)
    assert np.all(counts <= np.maximum(capacity, 0)), "a mentor is over capacity"
    assert np.all(allowed[np.flatnonzero(matched), result[matched]]), "a forbidden pair was chosen"


@settings(max_examples=150, deadline=None)
@given(instances())
def test_solve_respects_capacity_and_forbidden_pairs(instance):
    scores, capacity, allowed = instance
    result = engine.solve(scores, capacity, allowed)
    check_valid(result, scores, capacity, allowed)
    matched = np.flatnonzero(result >= 0)
    assert np.all(scores[matched, result[matched]] > 0), "a pair of non-positive score was chosen"


@settings(max_examples=150, deadline=None)
@given(instances())
def test_solve_total_equals_brute_force_optimum(instance):
    scores, capacity, allowed = instance
    result = engine.solve(scores, capacity, allowed)
    best = brute_force_best(
        scores, capacity, allowed, lambda a: round(_positive_total(scores, a), 6)
    )
    assert round(engine.total_score(scores, result), 6) == best


def _positive_total(scores, assignment):
    """Leaving a non-positive pair out is always allowed, so the optimum counts positives only."""
    matched = np.flatnonzero(assignment >= 0)
    values = scores[matched, assignment[matched]]
    return float(values[values > 0].sum())


@settings(max_examples=150, deadline=None)
@given(instances())
def test_maximize_matched_matches_most_people_then_best_total(instance):
    scores, capacity, allowed = instance
    result = engine.solve(scores, capacity, allowed, maximize_matched=True)
    check_valid(result, scores, capacity, allowed)

    def key(a):
        return (int(np.count_nonzero(a >= 0)), round(engine.total_score(scores, a), 6))

    assert key(result) == brute_force_best(scores, capacity, allowed, key)


@settings(max_examples=60, deadline=None)
@given(instances(max_mentees=8, max_mentors=5))
def test_same_input_gives_same_output(instance):
    scores, capacity, allowed = instance
    first = engine.solve(scores, capacity, allowed)
    again = engine.solve(scores.copy(), capacity.copy(), allowed.copy())
    assert np.array_equal(first, again)


@settings(max_examples=60, deadline=None)
@given(instances(max_mentees=8, max_mentors=5))
def test_greedy_is_valid_and_never_beats_the_optimum(instance):
    scores, capacity, allowed = instance
    baseline = engine.greedy(scores, capacity, allowed)
    check_valid(baseline, scores, capacity, allowed)
    optimum = engine.solve(scores, capacity, allowed)
    assert engine.total_score(scores, baseline) <= engine.total_score(scores, optimum) + 1e-9


def test_optimum_beats_best_pair_first_when_it_must():
    # Greedy takes the 10 and strands the second mentee; the optimum pairs both (9 + 8).
    scores = np.array([[10.0, 9.0], [8.0, 0.0]])
    capacity = np.array([1, 1])
    assert list(engine.greedy(scores, capacity)) == [0, -1]
    assert list(engine.solve(scores, capacity)) == [1, 0]


def test_unmatched_is_allowed_without_dummy_columns():
    scores = np.array([[3.0], [2.0], [1.0]])
    assert list(engine.solve(scores, [2])) == [0, 0, -1]


def test_all_pairs_forbidden_leaves_everyone_unmatched():
    scores = np.ones((3, 2))
    assert list(engine.solve(scores, [1, 1], np.zeros((3, 2), dtype=bool))) == [-1, -1, -1]


def test_no_mentors_or_no_capacity_leaves_everyone_unmatched():
    assert list(engine.solve(np.zeros((2, 0)), [])) == [-1, -1]
    assert list(engine.solve(np.ones((2, 2)), [0, 0])) == [-1, -1]


def test_solve_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="capacity"):
        engine.solve(np.ones((2, 2)), [1])
    with pytest.raises(ValueError, match="allowed"):
        engine.solve(np.ones((2, 2)), [1, 1], np.ones((2, 3), dtype=bool))


# --- the sparse, certified solver used for large cohorts --------------------------------------
#
# Large inputs go to engine._solve_sparse (candidates + LP-duality certificate); small ones to the
# dense slot matrix. These tests force the sparse path on small and medium instances and compare
# it with brute force and with the previous method (dense slot expansion, `_reference_solve`).


def _no_fallback(*args):
    raise AssertionError("the sparse path fell back to the dense solve")


class _SparsePath:
    """Inside `with _SparsePath(**constants):` every solve takes the sparse path, and must
    certify its own optimum (the dense fallback raises unless a test allows it)."""

    def __init__(self, **constants):
        self.constants = {"_DENSE_CELLS": 0, "_solve_dense": _no_fallback, **constants}

    def __enter__(self):
        self.saved = {name: getattr(engine, name) for name in self.constants}
        for name, value in self.constants.items():
            setattr(engine, name, value)

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            setattr(engine, name, value)


def _reference_solve(scores, capacity, allowed, maximize_matched=False):
    """The previous `solve`: slot-expanded dense matrix and linear_sum_assignment."""
    from scipy.optimize import linear_sum_assignment

    matrix = np.asarray(scores, dtype=np.float64)
    n, m = matrix.shape
    places = np.minimum(np.maximum(np.asarray(capacity, dtype=np.int64), 0), n)
    slot_mentor = np.repeat(np.arange(m), places)
    result = np.full(n, -1, dtype=np.int64)
    if n == 0 or slot_mentor.size == 0:
        return result
    if maximize_matched:
        low, high = matrix[allowed].min(), matrix[allowed].max()
        bonus = (high - low) * min(n, m) + abs(low) + 1.0
        benefit = np.where(allowed, matrix + bonus, 0.0)
    else:
        benefit = np.where(allowed & (matrix > 0), matrix, 0.0)
    expanded = benefit[:, slot_mentor]
    rows, slots = linear_sum_assignment(expanded, maximize=True)
    kept = expanded[rows, slots] > 0
    result[rows[kept]] = slot_mentor[slots[kept]]
    return result


def medium_instance(n, seed, ties=True, forbidden=0.1, spare=1.0):
    """n mentees, n // 2 mentors, places for about `spare` x n mentees, some pairs forbidden."""
    rng = np.random.default_rng(seed)
    m = max(1, n // 2)
    popularity = rng.uniform(0, 4, size=m)  # correlated scores: some mentors suit everyone
    scores = popularity[None, :] + rng.uniform(-1, 6, size=(n, m))
    scores = np.round(scores * 2) / 2 if ties else scores  # few distinct values, many ties
    capacity = rng.integers(0, 4, size=m)
    capacity = np.maximum(capacity * spare * n / max(1, capacity.sum()), 0).round().astype(int)
    allowed = rng.random((n, m)) > forbidden
    return scores.astype(np.float32), capacity, allowed


@settings(max_examples=120, deadline=None)
@given(instances())
def test_sparse_path_equals_brute_force_optimum(instance):
    scores, capacity, allowed = instance
    with _SparsePath():
        result = engine.solve(scores, capacity, allowed)
    check_valid(result, scores, capacity, allowed)
    best = brute_force_best(
        scores, capacity, allowed, lambda a: round(_positive_total(scores, a), 6)
    )
    assert round(engine.total_score(scores, result), 6) == best


@settings(max_examples=80, deadline=None)
@given(instances())
def test_sparse_path_maximize_matched_equals_brute_force(instance):
    scores, capacity, allowed = instance
    with _SparsePath():
        result = engine.solve(scores, capacity, allowed, maximize_matched=True)
    check_valid(result, scores, capacity, allowed)

    def key(a):
        return (int(np.count_nonzero(a >= 0)), round(engine.total_score(scores, a), 6))

    assert key(result) == brute_force_best(scores, capacity, allowed, key)


@pytest.mark.parametrize(
    ("n", "seed", "ties", "forbidden", "spare"),
    [
        (300, 1, True, 0.05, 1.0),
        (400, 2, False, 0.05, 1.0),
        (500, 3, True, 0.3, 0.8),
        (600, 4, True, 0.0, 1.3),
        (800, 5, True, 0.1, 1.0),
    ],
)
def test_sparse_path_total_equals_previous_method(n, seed, ties, forbidden, spare):
    scores, capacity, allowed = medium_instance(n, seed, ties, forbidden, spare)
    expected = _reference_solve(scores, capacity, allowed)
    with _SparsePath():
        result = engine.solve(scores, capacity, allowed)
    check_valid(result, scores, capacity, allowed)
    assert engine.total_score(scores, result) == pytest.approx(
        engine.total_score(scores, expected), rel=1e-9, abs=1e-6
    )


@pytest.mark.parametrize("seed", [11, 12])
def test_sparse_path_on_real_scores_equals_previous_method(seed):
    mentees, mentors = features(500, 250, seed=seed)
    scores = engine.score_matrix(mentees, mentors)
    allowed = engine.rule_flags(mentees, mentors) == 0
    capacity = mentors.capacity
    expected = _reference_solve(scores, capacity, allowed)
    with _SparsePath():
        result = engine.solve(scores, capacity, allowed)
    check_valid(result, scores, capacity, allowed)
    assert engine.total_score(scores, result) == pytest.approx(
        engine.total_score(scores, expected), rel=1e-9, abs=1e-6
    )


def test_sparse_path_maximize_matched_equals_previous_method():
    scores, capacity, allowed = medium_instance(400, 6, ties=True, forbidden=0.6, spare=1.2)
    scores = scores - 2.0  # some allowed pairs score <= 0 and still count when matching most
    expected = _reference_solve(scores, capacity, allowed, maximize_matched=True)
    with _SparsePath():
        result = engine.solve(scores, capacity, allowed, maximize_matched=True)
    check_valid(result, scores, capacity, allowed)
    assert np.count_nonzero(result >= 0) == np.count_nonzero(expected >= 0)
    assert engine.total_score(scores, result) == pytest.approx(
        engine.total_score(scores, expected), rel=1e-9, abs=1e-6
    )


def test_certificate_adds_missing_candidates_until_optimal():
    # One candidate per mentee and one added per round: the first restricted problem is far from
    # optimal, so only the certificate loop can reach the optimum.
    scores, capacity, allowed = medium_instance(300, 7)
    expected = _reference_solve(scores, capacity, allowed)
    with _SparsePath(_FIRST_CANDIDATES=1, _ADDED_PER_ROUND=1, _AUCTION_STEPS=()):
        result = engine.solve(scores, capacity, allowed)
    assert engine.total_score(scores, result) == pytest.approx(
        engine.total_score(scores, expected), rel=1e-9, abs=1e-6
    )


def test_sparse_path_falls_back_to_dense_when_rounds_run_out():
    scores, capacity, allowed = medium_instance(200, 8)
    expected = _reference_solve(scores, capacity, allowed)
    with _SparsePath(_MAX_ROUNDS=0, _solve_dense=engine._solve_dense):
        result = engine.solve(scores, capacity, allowed)
    assert engine.total_score(scores, result) == pytest.approx(engine.total_score(scores, expected))


def test_sparse_path_edge_cases():
    with _SparsePath():
        assert list(engine.solve(np.ones((3, 2)), [1, 1], np.zeros((3, 2), dtype=bool))) == [-1] * 3
        assert list(engine.solve(np.ones((2, 2)), [0, 0])) == [-1, -1]
        assert list(engine.solve(np.full((2, 2), -1.0), [1, 1])) == [-1, -1]
        assert list(engine.solve(np.array([[3.0], [2.0], [1.0]]), [2])) == [0, 0, -1]
        assert list(engine.solve(np.array([[10.0, 9.0], [8.0, 0.0]]), [1, 1])) == [1, 0]
        # A mentor without places is never chosen, even with the best scores.
        assert list(engine.solve(np.array([[9.0, 1.0], [9.0, 2.0]]), [0, 1])) == [-1, 1]


def test_sparse_path_is_deterministic():
    scores, capacity, allowed = medium_instance(400, 9)
    with _SparsePath():
        first = engine.solve(scores, capacity, allowed)
        again = engine.solve(scores.copy(), capacity.copy(), allowed.copy())
    assert np.array_equal(first, again)


def test_large_inputs_take_the_sparse_path(monkeypatch):
    calls = []
    real = engine._solve_sparse
    monkeypatch.setattr(engine, "_solve_sparse", lambda *a: calls.append(1) or real(*a))
    scores, capacity, allowed = medium_instance(300, 10)
    monkeypatch.setattr(engine, "_DENSE_CELLS", 300 * int(capacity.sum()) - 1)
    engine.solve(scores, capacity, allowed)
    assert calls == [1]


# --- scoring ----------------------------------------------------------------------------------


def features(n_mentees=3, n_mentors=2, seed=0):
    rng = np.random.default_rng(seed)

    def ind(rows, cols, p=0.5):
        return (rng.random((rows, cols)) < p).astype(np.float32)

    mentees = engine.MenteeFeatures(
        gap=rng.integers(0, 3, size=(n_mentees, 6)).astype(np.float32),
        style_preference=ind(n_mentees, 5, 0.3),
        formats=ind(n_mentees, 4),
        availability=np.stack(
            [engine.availability_slots([(9, 12)], float(o)) for o in rng.integers(-3, 4, n_mentees)]
        ),
        languages=ind(n_mentees, 3),
        functions=ind(n_mentees, 4, 0.3),
        industries=ind(n_mentees, 3, 0.3),
        business_unit=rng.integers(0, 3, size=n_mentees).astype(np.int64),
        person=np.arange(n_mentees, dtype=np.int64),
    )
    style = np.zeros((n_mentors, 5), dtype=np.float32)
    style[np.arange(n_mentors), rng.integers(0, 5, n_mentors)] = 1
    mentors = engine.MentorFeatures(
        strength=rng.integers(0, 6, size=(n_mentors, 6)).astype(np.float32),
        style=style,
        formats=ind(n_mentors, 4),
        availability=np.stack(
            [engine.availability_slots([(9, 17)], float(o)) for o in rng.integers(-3, 4, n_mentors)]
        ),
        languages=ind(n_mentors, 3),
        functions=ind(n_mentors, 4),
        industries=ind(n_mentors, 3),
        business_unit=rng.integers(0, 3, size=n_mentors).astype(np.int64),
        person=np.arange(100, 100 + n_mentors, dtype=np.int64),
        capacity=rng.integers(0, 3, size=n_mentors).astype(np.int64),
        matchable=rng.random(n_mentors) > 0.2,
    )
    return mentees, mentors


weights_strategy = st.fixed_dictionaries(
    {name: st.floats(0, 10, allow_nan=False) for name in engine.FACTORS}
)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 10_000), weights_strategy)
def test_every_explanation_sums_to_its_score(n, m, seed, weights):
    mentees, mentors = features(n, m, seed)
    rng = np.random.default_rng(seed)
    pairs = engine.PairLists(
        shortlist=(
            rng.integers(0, n, size=3).astype(np.int64),
            rng.integers(0, m, size=3).astype(np.int64),
        )
    )
    scores = engine.score_matrix(mentees, mentors, weights, pairs)
    rows, cols = np.divmod(np.arange(n * m), m)
    for (row, col), explanation in zip(
        zip(rows, cols, strict=True),
        engine.explain(rows, cols, mentees, mentors, weights, pairs),
        strict=True,
    ):
        assert set(explanation) == set(engine.FACTORS)
        assert sum(explanation.values()) == pytest.approx(float(scores[row, col]), abs=1e-4)


def test_scores_are_float32_and_every_factor_is_between_0_and_1():
    mentees, mentors = features(20, 10, seed=3)
    assert engine.score_matrix(mentees, mentors).dtype == np.float32
    for name in engine.FACTORS:
        values = engine.factor_values(name, mentees, mentors, engine.PairLists())
        assert values.shape == (20, 10)
        assert values.min() >= 0 and values.max() <= 1 + 1e-6, name


def one_mentee_one_mentor(**changes):
    _mentees, _mentors = features(1, 1)
    base_mentee = {
        "gap": np.array([[2, 0, 0, 0, 0, 0]], np.float32),
        "style_preference": np.array([[1, 0, 0, 0, 0]], np.float32),
        "formats": np.array([[1, 1, 0, 0]], np.float32),
        "availability": engine.availability_slots([(9, 12)], 0.0)[None, :],
        "languages": np.array([[1, 0, 0]], np.float32),
        "functions": np.array([[1, 0, 0, 0]], np.float32),
        "industries": np.array([[0, 0, 0]], np.float32),
        "business_unit": np.array([1]),
        "person": np.array([1]),
    }
    base_mentor = {
        "strength": np.array([[5, 0, 0, 0, 0, 0]], np.float32),
        "style": np.array([[1, 0, 0, 0, 0]], np.float32),
        "formats": np.array([[1, 0, 0, 0]], np.float32),
        "availability": engine.availability_slots([(9, 12)], 0.0)[None, :],
        "languages": np.array([[1, 1, 0]], np.float32),
        "functions": np.array([[1, 0, 0, 0]], np.float32),
        "industries": np.array([[0, 0, 1]], np.float32),
        "business_unit": np.array([2]),
        "person": np.array([2]),
        "capacity": np.array([1]),
        "matchable": np.array([True]),
    }
    for key, value in changes.items():
        (base_mentee if key in base_mentee and not key.startswith("m_") else base_mentor)[
            key.removeprefix("m_")
        ] = value
    return engine.MenteeFeatures(**base_mentee), engine.MentorFeatures(**base_mentor)


def factor(name, **changes):
    mentees, mentors = one_mentee_one_mentor(**changes)
    return float(engine.factor_values(name, mentees, mentors, engine.PairLists())[0, 0])


def test_gap_coverage_rewards_strength_in_the_gaps():
    assert factor("gap_coverage") == pytest.approx(1.0)
    weaker = np.array([[3, 0, 0, 0, 0, 0]], np.float32)
    assert factor("gap_coverage", m_strength=weaker) == pytest.approx(1 / 3)
    elsewhere = np.array([[0, 5, 0, 0, 0, 0]], np.float32)
    assert factor("gap_coverage", m_strength=elsewhere) == 0.0


def test_format_overlap_is_the_share_of_formats_the_mentee_wants():
    assert factor("format_overlap") == pytest.approx(0.5)
    assert factor("format_overlap", formats=np.zeros((1, 4), np.float32)) == 1.0


def test_availability_counts_shared_hours_across_time_zones():
    assert factor("availability") == 1.0
    new_york = engine.availability_slots([(9, 12)], -5.0)[None, :]
    assert factor("availability", m_availability=new_york) == 0.0
    one_hour_ahead = engine.availability_slots([(9, 12)], 2.0)[None, :]
    assert factor("availability", m_availability=one_hour_ahead) == pytest.approx(0.5)


def test_availability_slots_wrap_midnight():
    slots = engine.availability_slots([(7, 9)], 8.0)  # Singapore 7–9 is 23:00–01:00 UTC
    assert slots[46] == slots[47] == slots[0] == slots[1] == 1
    assert slots.sum() == 4


def test_style_language_affinity_and_shortlist():
    assert factor("style_fit") == 1.0
    assert factor("style_fit", m_style=np.array([[0, 1, 0, 0, 0]], np.float32)) == 0.0
    assert factor("language") == 1.0
    assert factor("affinity") == 0.5  # same function, no industry in common
    mentees, mentors = one_mentee_one_mentor()
    listed = engine.PairLists(shortlist=(np.array([0]), np.array([0])))
    assert engine.factor_values("shortlist", mentees, mentors, listed)[0, 0] == 1.0


def test_weights_scale_each_factor_and_zero_ignores_it():
    mentees, mentors = one_mentee_one_mentor()
    only_gaps = {"gap_coverage": 2.0}
    assert engine.score_matrix(mentees, mentors, only_gaps)[0, 0] == pytest.approx(2.0)
    with pytest.raises(ValueError, match="0 or more"):
        engine.weight_vector({"gap_coverage": -1.0})


def test_hard_rules_flag_each_reason():
    mentees, mentors = one_mentee_one_mentor()
    assert engine.rule_flags(mentees, mentors)[0, 0] == 0
    cases = {
        engine.RULE_NO_CAPACITY: {"m_capacity": np.array([0])},
        engine.RULE_NOT_MATCHABLE: {"m_matchable": np.array([False])},
        engine.RULE_SAME_UNIT: {"m_business_unit": np.array([1])},
        engine.RULE_NO_LANGUAGE: {"m_languages": np.array([[0, 0, 1]], np.float32)},
        engine.RULE_SELF: {"m_person": np.array([1])},
    }
    for bit, changes in cases.items():
        mentees, mentors = one_mentee_one_mentor(**changes)
        assert engine.rule_flags(mentees, mentors)[0, 0] == bit
    mentees, mentors = one_mentee_one_mentor(m_business_unit=np.array([1]))
    assert engine.rule_flags(mentees, mentors, cross_unit=False)[0, 0] == 0
    pair = (np.array([0]), np.array([0]))
    for bit, lists in (
        (engine.RULE_CONFLICT, engine.PairLists(conflict=pair)),
        (engine.RULE_PREVIOUS, engine.PairLists(previous=pair)),
    ):
        mentees, mentors = one_mentee_one_mentor()
        assert engine.rule_flags(mentees, mentors, lists)[0, 0] == bit


def test_unmatched_reason_names_the_rules_or_the_shortage():
    flags = np.array(
        [engine.RULE_SAME_UNIT, engine.RULE_SAME_UNIT | engine.RULE_NO_LANGUAGE], np.uint8
    )
    reason = engine.unmatched_reason(flags, np.ones(2, np.float32))
    assert reason.startswith("Every mentor is ruled out")
    assert "2 is in the mentee's own business unit" in reason
    assert "1 shares no language" in reason
    shortage = engine.unmatched_reason(np.zeros(3, np.uint8), np.ones(3, np.float32))
    assert shortage == "Shortage: the 3 mentors who suit are full with mentees they fit better."
    assert "all scores are 0" in engine.unmatched_reason(
        np.zeros(1, np.uint8), np.zeros(1, np.float32)
    )
    assert "No eligible mentor" in engine.unmatched_reason(
        np.zeros(0, np.uint8), np.zeros(0, np.float32)
    )


def test_engine_imports_no_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(engine.__file__).read_text())
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name.startswith("django")]
