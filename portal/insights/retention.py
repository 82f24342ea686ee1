"""Retention of participants against matched colleagues who did not take part: coarsened exact
matching (pure NumPy, no Django import).

Each person falls in a stratum (business unit, level and tenure band, from the HR data).
Only strata holding both participants and non-participants count. The effect is the average
over participants of their stratum's difference in retention (participants' rate minus the
matched colleagues' rate), which is the difference a participant's own colleagues would show;
its standard error adds up the strata's binomial variances with the same weights, and the 95%
interval is the estimate ± 1.96 standard errors. A stratum's rate of 0 or 1 gets its variance
from a rate pulled half a person towards the middle, so a small stratum never claims certainty.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Z_95 = 1.959964


@dataclass(frozen=True)
class Effect:
    """The difference in retention, participants minus matched colleagues (a share, e.g. 0.06
    for six points), with its 95% interval and the matched group sizes."""

    difference: float
    low: float
    high: float
    participants: int
    colleagues: int


def matched_effect(
    treated_strata: npt.ArrayLike,
    treated_retained: npt.ArrayLike,
    control_strata: npt.ArrayLike,
    control_retained: npt.ArrayLike,
) -> Effect | None:
    """The effect over the strata both groups share; None when they share none."""
    t_strata = np.asarray(treated_strata, dtype=np.int64)
    c_strata = np.asarray(control_strata, dtype=np.int64)
    t_kept = np.asarray(treated_retained, dtype=np.float64)
    c_kept = np.asarray(control_retained, dtype=np.float64)
    shared = np.intersect1d(t_strata, c_strata)
    if shared.size == 0:
        return None
    t_in = np.isin(t_strata, shared)
    c_in = np.isin(c_strata, shared)
    # Per shared stratum: sizes and retained counts of each group (one bincount each).
    index_t = np.searchsorted(shared, t_strata[t_in])
    index_c = np.searchsorted(shared, c_strata[c_in])
    n_t = np.bincount(index_t, minlength=shared.size).astype(np.float64)
    n_c = np.bincount(index_c, minlength=shared.size).astype(np.float64)
    k_t = np.bincount(index_t, weights=t_kept[t_in], minlength=shared.size).astype(np.float64)
    k_c = np.bincount(index_c, weights=c_kept[c_in], minlength=shared.size).astype(np.float64)
    p_t, p_c = k_t / n_t, k_c / n_c
    weights = n_t / n_t.sum()
    difference = float(np.sum(weights * (p_t - p_c)))
    v_t, v_c = _variance_rate(k_t, n_t), _variance_rate(k_c, n_c)
    error = float(np.sqrt(np.sum(weights**2 * (v_t / n_t + v_c / n_c))))
    return Effect(
        difference=difference,
        low=difference - Z_95 * error,
        high=difference + Z_95 * error,
        participants=int(n_t.sum()),
        colleagues=int(n_c.sum()),
    )


def _variance_rate(
    kept: npt.NDArray[np.float64], n: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """p(1 - p) per stratum, with p moved half a person towards 1/2 (never 0)."""
    p = (kept + 0.5) / (n + 1.0)
    variance: npt.NDArray[np.float64] = p * (1.0 - p)
    return variance


def tenure_band(years: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Tenure in bands for matching: under 2 years, 2–5, 5–10, 10 and more."""
    banded: npt.NDArray[np.int64] = np.digitize(np.asarray(years, dtype=np.float64), [2, 5, 10])
    return banded.astype(np.int64)


def strata(
    units: npt.ArrayLike, levels: npt.ArrayLike, bands: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """One stratum id per person from unit id, level and tenure band (-1 where unknown)."""
    unit = np.asarray(units, dtype=np.int64) + 1
    level = np.asarray(levels, dtype=np.int64) + 1
    band = np.asarray(bands, dtype=np.int64) + 1
    combined: npt.NDArray[np.int64] = (unit * 64 + level) * 16 + band
    return combined
