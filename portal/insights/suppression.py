"""What insights may publish: no count, rate or average about fewer than `MINIMUM` people, and no
hidden cell that the totals and the other cells give away. Pure (no Django import): pages,
embedded chart data, downloads and the API all take their numbers from here, after the database
has aggregated and before anything is serialised.

A one-way table (counts by one dimension; its total published through `count`) is made safe
by hiding every cell of 1 to MINIMUM - 1 people and, when exactly one cell is hidden, the next
smallest too, so that the total minus the shown cells never equals one hidden cell. Zero is
published: it describes nobody.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
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


# --- tables of several measures, seen whole and through filters ----------------------------------
#
# An equity page shows, for one programme, each dimension (business unit, gender, ...) as a table
# of groups by measures (eligible, participants, matched, completed), first for everyone and then
# "within" one value of a filter dimension (one business unit, one level). Together the views
# are the two-way tables dimension × filter with their margins, all cut from one population.
#
# The rule is block suppression, chosen because it can be shown safe for all those linked tables
# at once (docs/decisions/0026-equity-monitoring.md):
# - a group (a row) is shown or hidden whole, every measure with it, and the groups hidden in a
#   dimension are hidden in every view of it;
# - a filter value (a view) is shown or hidden whole, and a view is hidden where its business
#   unit or level is hidden as a group;
# - hidden groups are never alone: none, or at least two holding people, and what they hold
#   together for each measure is 0 or at least MINIMUM; likewise hidden views;
# - a view is shown only when every group shown in it has 0 or at least MINIMUM people in
#   every measure, for every dimension.
# Then every hidden number can be moved to zero, keeping every published number, by moving its
# people to another hidden group (or view) while keeping all their other traits: nothing hidden
# is pinned.

Cells = Mapping[tuple[Hashable, ...], Sequence[int]]


@dataclass(frozen=True)
class Row:
    """One group of a table as published: its counts per measure (None: hidden)."""

    group: Hashable
    counts: tuple[int | None, ...]

    @property
    def hidden(self) -> bool:
        return any(value is None for value in self.counts)


@dataclass(frozen=True)
class Table:
    """One dimension's table in one view: the groups in `categories` order and the total."""

    dimension: int
    rows: tuple[Row, ...]
    total: tuple[int | None, ...]


@dataclass(frozen=True)
class View:
    """Everyone (`filter` None) or the people with one value of a filter dimension."""

    filter: tuple[int, Hashable] | None
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Published:
    """What may be shown: the shown views (everyone's first) and the filter values hidden."""

    views: tuple[View, ...]
    hidden_filters: Mapping[int, frozenset[Hashable]]

    def view(self, filter: tuple[int, Hashable] | None = None) -> View | None:
        return next((view for view in self.views if view.filter == filter), None)


def _any_small(counts: Sequence[int]) -> bool:
    return any(is_small(n) for n in counts)


def _project(cells: Cells, dimension: int, measures: int) -> dict[Hashable, list[int]]:
    table: dict[Hashable, list[int]] = {}
    for key, counts in cells.items():
        row = table.setdefault(key[dimension], [0] * measures)
        for index in range(measures):
            row[index] += counts[index]
    return table


def _cross(
    cells: Cells, dimension: int, filter: int, measures: int
) -> dict[tuple[Hashable, Hashable], list[int]]:
    table: dict[tuple[Hashable, Hashable], list[int]] = {}
    for key, counts in cells.items():
        row = table.setdefault((key[dimension], key[filter]), [0] * measures)
        for index in range(measures):
            row[index] += counts[index]
    return table


def hidden_groups(
    rows: Mapping[Hashable, Sequence[int]],
    categories: Sequence[Hashable],
    hidden: frozenset[Hashable] = frozenset(),
) -> frozenset[Hashable]:
    """The groups of a one-way table of several measures to hide, starting from `hidden`: the
    small ones, then the smallest others until the hidden groups holding people are none or
    two or more and hold, for each measure whose total is published, 0 or MINIMUM or more."""
    measures = len(next(iter(rows.values()), ()))
    zero = [0] * measures

    def values(group: Hashable) -> Sequence[int]:
        return rows.get(group, zero)

    hiding = set(hidden) | {group for group in categories if _any_small(values(group))}
    totals = [sum(values(group)[m] for group in categories) for m in range(measures)]
    while True:
        holding = [group for group in hiding if any(values(group))]
        sums = [sum(values(group)[m] for group in hiding) for m in range(measures)]
        exposed = len(holding) == 1 or any(
            is_small(sums[m]) and not is_small(totals[m]) for m in range(measures)
        )
        if not exposed:
            return frozenset(hiding)
        candidates = sorted(
            (values(group)[0], index, group)
            for index, group in enumerate(categories)
            if group not in hiding and any(values(group))
        )
        if not candidates:
            return frozenset(hiding)
        hiding.add(candidates[0][2])


def publish(
    cells: Cells,
    categories: Sequence[Sequence[Hashable]],
    filters: Sequence[int] = (),
) -> Published:
    """The views of a population that may be published.

    `cells` maps a key (one category per dimension, in the order of `categories`) to its counts
    per measure (counts of people, nested or not: each is checked). `filters` are the dimensions
    a reader may look "within". Every published number comes from here.
    """
    dimensions = range(len(categories))
    measures = len(next(iter(cells.values()), ()))
    margins = [_project(cells, d, measures) for d in dimensions]
    crosses = {(d, f): _cross(cells, d, f, measures) for f in filters for d in dimensions if d != f}
    hidden = {d: hidden_groups(margins[d], categories[d]) for d in dimensions}
    zero = [0] * measures
    changed = True
    while changed:
        changed = False
        for f in filters:
            grown = set(hidden[f])
            for value in categories[f]:
                if value in grown:
                    continue
                for d in dimensions:
                    if d == f:
                        continue
                    cross = crosses[(d, f)]
                    if any(
                        _any_small(cross.get((group, value), zero))
                        for group in categories[d]
                        if group not in hidden[d]
                    ):
                        grown.add(value)
                        break
            closed = hidden_groups(margins[f], categories[f], frozenset(grown))
            if closed != hidden[f]:
                hidden[f] = closed
                changed = True
    grand = [sum(counts[m] for counts in cells.values()) for m in range(measures)]

    def table(d: int, source: Mapping[Hashable, Sequence[int]], total: Sequence[int]) -> Table:
        rows = tuple(
            Row(
                group,
                tuple([None] * measures) if group in hidden[d] else tuple(source.get(group, zero)),
            )
            for group in categories[d]
        )
        return Table(d, rows, tuple(count(n) for n in total))

    views = [View(None, tuple(table(d, margins[d], grand) for d in dimensions))]
    for f in filters:
        for value in categories[f]:
            if value in hidden[f] or not any(margins[f].get(value, zero)):
                continue
            tables = []
            for d in dimensions:
                if d == f:
                    source = {value: margins[f][value]}
                else:
                    source = {
                        group: counts
                        for (group, within), counts in crosses[(d, f)].items()
                        if within == value
                    }
                tables.append(table(d, source, margins[f][value]))
            views.append(View((f, value), tuple(tables)))
    return Published(tuple(views), {f: hidden[f] for f in filters})
