"""Retention against matched colleagues (issue 17): on synthetic populations whose programme
effect is known, the estimate's 95% interval holds that effect; with no effect, it holds zero."""

import numpy as np
import pytest

from portal.insights import retention


def _population(effect: float, seed: int, n: int = 6000):
    """People in 24 strata whose base retention differs by stratum, and who take part more
    often in the strata that keep people anyway (so a raw comparison would be biased)."""
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, 24, size=n)
    base = 0.70 + 0.01 * stratum  # 70% to 93% kept
    takes_part = rng.random(n) < 0.05 + 0.01 * stratum
    kept = rng.random(n) < np.clip(base + effect * takes_part, 0, 1)
    return stratum[takes_part], kept[takes_part], stratum[~takes_part], kept[~takes_part]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_known_effect_lies_within_the_interval(seed):
    found = retention.matched_effect(*_population(0.08, seed))
    assert found.low <= 0.08 <= found.high
    assert found.low > 0  # six thousand people are enough to tell eight points from none


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_with_no_effect_the_interval_includes_zero(seed):
    found = retention.matched_effect(*_population(0.0, seed))
    assert found.low <= 0 <= found.high


def test_the_raw_difference_would_mislead_where_matching_does_not():
    treated_s, treated_k, control_s, control_k = _population(0.0, 7)
    raw = treated_k.mean() - control_k.mean()
    matched = retention.matched_effect(treated_s, treated_k, control_s, control_k)
    assert raw > 0.02  # participants sit in the strata that keep people
    assert abs(matched.difference) < raw


def test_only_strata_both_groups_share_count_and_none_shared_is_none():
    found = retention.matched_effect([1, 1, 2], [1, 0, 1], [1, 1, 3], [1, 1, 0])
    assert (found.participants, found.colleagues) == (2, 2)
    assert found.difference == pytest.approx(-0.5)
    assert retention.matched_effect([1], [1], [2], [1]) is None


def test_strata_combine_unit_level_and_tenure_band():
    bands = retention.tenure_band([0, 3, 7, 12])
    assert bands.tolist() == [0, 1, 2, 3]
    ids = retention.strata([5, 5, 6, -1], [2, 2, 2, -1], bands)
    assert len(set(ids.tolist())) == 4
