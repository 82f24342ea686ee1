"""The reader's attack on published tables: every published number is an equation over the
unknown population (people per combination of traits and stage); each hidden number's feasible
interval comes from linear programmes (scipy's linprog). A hidden number of 1 to 4 people is
pinned when the interval cannot hold 0 or MINIMUM and more: that must never happen.

Shared by the pure property tests and the page's tests (which rebuild `Published` from the
page's JSON and its download)."""

import itertools
from collections.abc import Hashable, Sequence

import numpy as np
from scipy.optimize import linprog

from portal.insights import suppression

# A person's stage: 0 eligible only, 1 applied, 2 matched, 3 completed; measure m counts the
# people at stage m or later (eligible, participants, matched, completed).
STAGES = 4


class Population:
    """The unknowns: one per combination of categories and stage."""

    def __init__(self, categories: Sequence[Sequence[Hashable]]):
        self.categories = categories
        self.keys = list(itertools.product(*categories))
        self.size = len(self.keys) * STAGES

    def form(self, conditions: dict[int, Hashable], measure: int) -> np.ndarray:
        """The coefficients of "people with these traits counted by `measure`"."""
        row = np.zeros(self.size)
        for index, key in enumerate(self.keys):
            if all(key[d] == value for d, value in conditions.items()):
                row[index * STAGES + measure : (index + 1) * STAGES] = 1
        return row


def equations(population: Population, published: suppression.Published):
    """Every published number as (coefficients, value)."""
    rows, values = [], []
    for view in published.views:
        base = {} if view.filter is None else {view.filter[0]: view.filter[1]}
        for table in view.tables:
            for measure, value in enumerate(table.total):
                if value is not None:
                    rows.append(population.form(base, measure))
                    values.append(value)
            for row in table.rows:
                if view.filter and table.dimension == view.filter[0]:
                    # A business unit's rows within another unit: nobody, by construction.
                    assert row.group == view.filter[1] or row.counts[0] in (0, None)
                    continue
                for measure, value in enumerate(row.counts):
                    if value is not None:
                        conditions = {**base, table.dimension: row.group}
                        rows.append(population.form(conditions, measure))
                        values.append(value)
    return np.array(rows), np.array(values, dtype=float)


def pinned(
    population: Population, published, truth: dict[tuple, list[int]], filters, *, crossed=False
):
    """The small hidden numbers a reader can pin: (conditions, measure, interval) for each.

    Every group of every table the page serves is attacked: everyone's tables and those of
    each view it serves. With `crossed`, also the groups of the views it does not serve (a
    trait within a unit): see the known limitation in test_suppression.py."""
    a_eq, b_eq = equations(population, published)
    shown = {
        (view.filter, table.dimension, row.group): row
        for view in published.views
        for table in view.tables
        for row in table.rows
    }
    found, seen = [], set()
    served = {view.filter for view in published.views}
    scopes = [None] + [
        (f, v) for f in filters for v in population.categories[f] if crossed or (f, v) in served
    ]
    for scope in scopes:
        base = {} if scope is None else {scope[0]: scope[1]}
        for d, groups in enumerate(population.categories):
            for group in groups:
                if scope is not None and d == scope[0]:
                    continue
                conditions = {**base, d: group}
                row = shown.get((scope, d, group))
                for measure in range(STAGES):
                    true = sum(
                        counts[measure]
                        for key, counts in truth.items()
                        if all(key[k] == v for k, v in conditions.items())
                    )
                    if not suppression.is_small(true):
                        continue
                    assert row is None or row.counts[measure] is None, "a small number shown"
                    form = population.form(conditions, measure)
                    signature = form.tobytes()
                    if signature in seen:
                        continue
                    seen.add(signature)
                    low = _bound(form, a_eq, b_eq)
                    if low < 0.5:
                        continue
                    high = -_bound(-form, a_eq, b_eq)
                    if high < suppression.MINIMUM - 0.5 or high - low < 0.5:
                        found.append((conditions, measure, (low, high)))
    return found


def _bound(objective, a_eq, b_eq) -> float:
    result = linprog(
        objective,
        A_eq=a_eq if len(a_eq) else None,
        b_eq=b_eq if len(b_eq) else None,
        bounds=(0, None),
        method="highs",
    )
    assert result.status == 0, result.message
    return result.fun
