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
# The rule (docs/decisions/0026-equity-monitoring.md):
# - a group (a row) is shown or hidden whole, every measure with it, and the groups hidden in a
#   dimension are hidden in every view of it; hidden groups are never alone (none, or at least
#   two holding people), and together hold 0 or at least MINIMUM people in each measure;
# - a view "within" a filter value is not served when the value is a hidden group, or when a
#   group shown inside it is small in any measure; then more views are left unserved until
#   every small number inside an unserved view can be emptied by swapping its people with
#   people of other unserved views (same stage, other trait), which moves no published number.
# So every hidden number can be moved to zero while every published number stays: nothing
# hidden is pinned, by the totals, by the margins or by two views that differ by one group.

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
    a reader may look "within": one at most (two filters' views cross in ways the rule below
    does not yet cover). The counts must nest (everyone, then those who went further...).
    Every published number comes from here.
    """
    if len(filters) > 1:
        raise ValueError("one filter dimension at most")
    dimensions = range(len(categories))
    measures = len(next(iter(cells.values()), ()))
    margins = [_project(cells, d, measures) for d in dimensions]
    crosses = {(d, f): _cross(cells, d, f, measures) for f in filters for d in dimensions if d != f}
    hidden = {d: hidden_groups(margins[d], categories[d]) for d in dimensions}
    zero = [0] * measures
    unserved = {f: _unserved_views(cells, categories, f, filters, hidden, crosses) for f in filters}
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
            if value in unserved[f] or not any(margins[f].get(value, zero)):
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
    return Published(tuple(views), {f: frozenset(unserved[f]) for f in filters})


# People alike for a swap: their stage, then their values of the other filters.
Slice = tuple[Hashable, ...]


def _stages(counts: Sequence[int]) -> list[int]:
    """Nested counts (everyone, then those who went further, ...) as people per stage."""
    return [n - (counts[i + 1] if i + 1 < len(counts) else 0) for i, n in enumerate(counts)]


def _unserved_views(
    cells: Cells,
    categories: Sequence[Sequence[Hashable]],
    f: int,
    filters: Sequence[int],
    hidden: Mapping[int, frozenset[Hashable]],
    crosses: Mapping[tuple[int, int], Mapping[tuple[Hashable, Hashable], Sequence[int]]],
) -> set[Hashable]:
    """The values of filter `f` whose view is not served: hidden groups, views with a small
    group shown inside, and then more until no small number inside an unserved view can be
    worked out. A cell of a hidden group's view empties by moving its people to another hidden
    group (never alone); a cell of a shown group's unserved view, by swapping its people, one
    for one, with people of other unserved views who share their stage and their other
    filters' values (so no published number moves) but not the cell's trait: that needs, for
    each such slice, the cell's group within the unserved views plus the view's own people to
    be no more than all the unserved views' people."""
    measures = len(next(iter(cells.values()), ()))
    zero = [0] * measures
    dimensions = [d for d in range(len(categories)) if d != f]
    others = [g for g in filters if g != f]
    unserved = set(hidden[f])
    for value in categories[f]:
        if value not in unserved and any(
            _any_small(crosses[(d, f)].get((group, value), zero))
            for d in dimensions
            for group in categories[d]
            if group not in hidden[d]
        ):
            unserved.add(value)
    # People per slice (stage, other filters' values), per view and per (dimension, group, view).
    view_people: dict[Hashable, dict[Slice, int]] = {}
    cell_people: dict[tuple[int, Hashable, Hashable], dict[Slice, int]] = {}
    for key, counts in cells.items():
        for stage, n in enumerate(_stages(counts)):
            if not n:
                continue
            piece = (stage, *(key[g] for g in others))
            slices = view_people.setdefault(key[f], {})
            slices[piece] = slices.get(piece, 0) + n
            for d in dimensions:
                slices = cell_people.setdefault((d, key[d], key[f]), {})
                slices[piece] = slices.get(piece, 0) + n
    totals = {value: sum(view_people.get(value, {}).values()) for value in categories[f]}

    def exposed() -> bool:
        everyone: dict[Slice, int] = {}
        for value in unserved:
            for piece, n in view_people.get(value, {}).items():
                everyone[piece] = everyone.get(piece, 0) + n
        for d in dimensions:
            for group in categories[d]:
                within: dict[Slice, int] = {}
                for value in unserved:
                    for piece, n in cell_people.get((d, group, value), {}).items():
                        within[piece] = within.get(piece, 0) + n
                # A hidden group's cells need no swap: its people can move to another hidden
                # group, whose totals are not published either.
                for value in unserved - hidden[f]:
                    if not _any_small(crosses[(d, f)].get((group, value), zero)):
                        continue
                    for piece in cell_people.get((d, group, value), {}):
                        if within[piece] + view_people[value][piece] > everyone[piece]:
                            return True
        return False

    while exposed():
        served = sorted(
            (totals[value], index, value)
            for index, value in enumerate(categories[f])
            if value not in unserved and totals[value]
        )
        if not served:
            break
        unserved.add(served[0][2])
    return unserved
