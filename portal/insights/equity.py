"""Equity monitoring as people read it: each dimension's groups with their counts, rates and
outcome, the four-fifths alerts, and the same rows for charts and downloads. Pure (no Django
import): it takes only what `suppression.publish` let through, so every page, chart and
download shows the same numbers.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from portal.insights import suppression

# A group's rate below this share of the highest group's is an adverse impact (the US EEOC's
# four-fifths rule, used widely as a first screen).
FOUR_FIFTHS = 0.8

# Each figure's definition, shown one click away (the page's definitions list).
DEFINITIONS = {
    "eligible": (
        "Eligible",
        "People the programme is for: active mentees whose level, business unit, years with "
        "the organisation and nomination meet its rules, and everyone who applied.",
    ),
    "participants": ("Took part", "Eligible people who applied to the programme."),
    "participation": ("Participation rate", "Took part ÷ eligible."),
    "matched": ("Matched", "People who took part and have a mentoring pair in the programme."),
    "match_rate": ("Match rate", "Matched ÷ took part."),
    "completed": ("Completed", "Matched people whose engagement is complete."),
    "completion": ("Completion rate", "Completed ÷ matched."),
    "outcome": (
        "Outcome",
        "The mentors' average rating (1 to 5) of their mentee's progress in completed "
        "engagements. Shown for everyone only, and only over five ratings or more.",
    ),
    "suppressed": (
        "Hidden",
        "No figure about fewer than five people is shown, and other groups are hidden with a "
        "small one so that it cannot be worked out from the totals or from another view. "
        "Downloads and charts carry the same numbers.",
    ),
}
RATES = (("participation", 1, 0), ("match_rate", 2, 1), ("completion", 3, 2))


@dataclass(frozen=True)
class GroupRow:
    key: Hashable
    label: str
    counts: tuple[int | None, ...]
    rates: tuple[float | None, ...]
    outcome: float | None
    comparable: bool

    @property
    def hidden(self) -> bool:
        return any(value is None for value in self.counts)

    @property
    def cells(self) -> list[tuple[int | None, int | None]]:
        """Each count with its rate in whole percent (None for the eligible, and where the
        rate is not published)."""
        percents = [None, *(None if r is None else round(100 * r) for r in self.rates)]
        return list(zip(self.counts, percents, strict=True))


@dataclass(frozen=True)
class DimensionTable:
    slug: str
    title: str
    rows: tuple[GroupRow, ...]
    total: GroupRow


@dataclass(frozen=True)
class Alert:
    dimension: str
    measure: str
    group: str
    rate: float
    highest_group: str
    highest: float

    @property
    def ratio(self) -> float:
        return self.rate / self.highest

    @property
    def measure_label(self) -> str:
        return DEFINITIONS[self.measure][0].lower()

    @property
    def percent(self) -> int:
        return round(100 * self.rate)

    @property
    def highest_percent(self) -> int:
        return round(100 * self.highest)


def _rates(counts: Sequence[int | None]) -> tuple[float | None, ...]:
    out = []
    for _name, numerator, denominator in RATES:
        top, bottom = counts[numerator], counts[denominator]
        out.append(None if top is None or bottom is None else suppression.rate(top, bottom))
    return tuple(out)


def tables(
    view: suppression.View,
    slugs: Sequence[str],
    titles: Sequence[str],
    labels: Sequence[Mapping[Hashable, str]],
    ratings: Sequence[Mapping[Hashable, tuple[float, int]]] | None,
    not_given: str,
) -> list[DimensionTable]:
    """The view's tables as rows to show. `ratings` (everyone's view only) gives each group's
    outcome ratings: their mean is shown for shown groups with at least MINIMUM ratings."""
    result = []
    for table in view.tables:
        d = table.dimension
        rows = []
        for row in table.rows:
            outcome = None
            if ratings is not None and not row.hidden:
                outcome = suppression.mean(*ratings[d].get(row.group, (0, 0)))
            label = labels[d][row.group]
            rows.append(
                GroupRow(
                    row.group, label, row.counts, _rates(row.counts), outcome, label != not_given
                )
            )
        overall = None
        if ratings is not None:
            overall = suppression.mean(
                sum(total for total, _n in ratings[d].values()),
                sum(n for _total, n in ratings[d].values()),
            )
        total = GroupRow(None, "All", table.total, _rates(table.total), overall, False)
        result.append(DimensionTable(slugs[d], titles[d], tuple(rows), total))
    return result


def alerts(dimension_tables: Sequence[DimensionTable]) -> list[Alert]:
    """Each shown group whose participation, match or completion rate is below four-fifths of
    the highest shown group's in its dimension ("not given" groups are not compared)."""
    found = []
    for table in dimension_tables:
        for index, (measure, _n, _d) in enumerate(RATES):
            rated = [row for row in table.rows if row.comparable and row.rates[index] is not None]
            if len(rated) < 2:
                continue
            best = max(rated, key=lambda row: row.rates[index] or 0.0)
            highest = best.rates[index] or 0.0
            for row in rated:
                rate = row.rates[index] or 0.0
                if highest > 0 and rate < FOUR_FIFTHS * highest:
                    found.append(Alert(table.title, measure, row.label, rate, best.label, highest))
    return found


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def chart_data(dimension_tables: Sequence[DimensionTable]) -> dict[str, dict[str, Any]]:
    """What each dimension's chart draws: the groups with people (hidden ones named so) and
    their published rates in percent (null where hidden); nothing the table beside it does not
    show. Empty groups stay in the table only."""
    charts = {}
    for table in dimension_tables:
        rows = [row for row in table.rows if row.counts[0] != 0]
        charts[table.slug] = {
            "title": table.title,
            "labels": [f"{row.label} (hidden)" if row.hidden else row.label for row in rows],
            "series": [
                {
                    "label": DEFINITIONS[measure][0],
                    "values": [_percent(row.rates[index]) for row in rows],
                }
                for index, (measure, _n, _d) in enumerate(RATES)
            ],
        }
    return charts
