"""What insights may publish: no count, rate or average about fewer than `MINIMUM` people, and no
hidden cell that the totals and the other cells give away. Pure (no Django import): pages,
embedded chart data, downloads and the API all take their numbers from here, after the database
has aggregated and before anything is serialised.

A one-way table (counts by one dimension; its total published through `count`) is made safe
by hiding every cell of 1 to MINIMUM - 1 people and, when exactly one cell is hidden, the next
smallest too, so that the total minus the shown cells never equals one hidden cell. Zero is
published: it describes nobody.
"""

from collections.abc import Hashable, Mapping
from typing import TypeVar

MINIMUM = 5

K = TypeVar("K", bound=Hashable)


def is_small(n: int) -> bool:
    """True for a group of 1 to MINIMUM - 1 people (one that must not be published)."""
    return 0 < n < MINIMUM


def count(n: int) -> int | None:
    """`n` if it may be published alone, else None."""
    return None if is_small(n) else n


def rate(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when the denominator covers fewer than MINIMUM people
    (or nobody)."""
    if denominator < MINIMUM:
        return None
    return numerator / denominator


def mean(total: float, n: int) -> float | None:
    """The average of `n` values summing to `total`, or None for fewer than MINIMUM values."""
    if n < MINIMUM:
        return None
    return total / n


def one_way(cells: Mapping[K, int]) -> dict[K, int | None]:
    """The cells of a one-way table whose total is published, with the small ones hidden (None)
    and, where one hidden cell alone could be worked out from the total, a second one hidden."""
    shown: dict[K, int | None] = {key: count(n) for key, n in cells.items()}
    hidden = [key for key, value in shown.items() if value is None]
    if len(hidden) == 1:
        # The smallest other non-zero cell goes too (ties broken by order, so the result is
        # deterministic); if there is none, the single hidden cell is the whole table.
        others = sorted(
            (n, index, key)
            for index, (key, n) in enumerate(cells.items())
            if key not in hidden and n > 0
        )
        if others:
            shown[others[0][2]] = None
    return shown
