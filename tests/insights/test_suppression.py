"""The first rules of small-group suppression (issue 17); the property tests grow beside them."""

from portal.insights import suppression


def test_no_figure_about_fewer_than_five_people_is_published():
    assert suppression.count(4) is None and suppression.count(5) == 5
    assert suppression.rate(3, 4) is None and suppression.rate(2, 5) == 0.4
    assert suppression.mean(20.0, 4) is None and suppression.mean(25.0, 5) == 5.0


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    shown = suppression.one_way({"Finance": 40, "Legal": 3, "Sales": 12, "Risk": 9})
    assert shown == {"Finance": 40, "Legal": None, "Sales": 12, "Risk": None}
    total = 64
    # What a reader can work out: the hidden cells together, never one of them.
    assert total - sum(v for v in shown.values() if v is not None) == 12


def test_zero_describes_nobody_and_is_shown():
    assert suppression.one_way({"a": 0, "b": 7, "c": 8}) == {"a": 0, "b": 7, "c": 8}


# --- tables of several measures, with filters -----------------------------------------------

import pytest  # noqa: E402
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.insights.attack import STAGES, Population, pinned  # noqa: E402

# Small worlds: business unit, level, gender, tenure band, location; one may look within a unit.
CATEGORIES = (("Fin", "Ops", "Law"), (1, 2), ("w", "m", "x"), ("<2", "2+"), ("LDN", "NYC"))
FILTERS = (0,)


def cells_of(people):
    cells: dict[tuple, list[int]] = {}
    for *key, stage in people:
        counts = cells.setdefault(tuple(key), [0] * STAGES)
        for measure in range(stage + 1):
            counts[measure] += 1
    return cells


person = st.tuples(*(st.sampled_from(c) for c in CATEGORIES), st.integers(0, STAGES - 1))
# People come in clumps of alike people, as in organisations, so that views are served too.
clumps = st.lists(st.tuples(person, st.integers(1, 14)), max_size=9).map(
    lambda found: [p for p, times in found for _ in range(times)]
)


def test_a_group_of_three_is_hidden_with_a_partner_in_every_view():
    people = [("Fin", 1, "w", "<2", "LDN", 3)] * 20 + [("Ops", 2, "m", "2+", "NYC", 1)] * 12
    people += [("Law", 1, "x", "<2", "LDN", 0)] * 3
    published = suppression.publish(cells_of(people), CATEGORIES, FILTERS)
    units = published.view().tables[0]
    assert [row.hidden for row in units.rows] == [False, True, True]  # Law, and Ops with it
    assert units.total == (35, 32, 20, 20)
    # Fin may be looked within; Law and Ops (hidden as groups) may not.
    assert published.view((0, "Fin")) is not None
    assert published.view((0, "Law")) is None and published.view((0, "Ops")) is None
    assert published.hidden_filters[0] == frozenset({"Law", "Ops"})


def test_two_filters_are_refused_until_the_rule_covers_them():
    with pytest.raises(ValueError, match="one filter"):
        suppression.publish({("Fin", 1): [5]}, (("Fin",), (1,)), (0, 1))


def test_a_view_with_a_small_group_inside_is_not_served_nor_those_that_would_tell():
    fin = [("Fin", 1, "w", "<2", "LDN", 3)] * 20 + [("Fin", 2, "m", "2+", "NYC", 1)] * 3
    ops = [("Ops", 1, "w", "<2", "LDN", 2)] * 15 + [("Ops", 2, "m", "2+", "NYC", 1)] * 9
    law = [("Law", 1, "w", "<2", "LDN", 1)] * 10 + [("Law", 2, "m", "2+", "NYC", 1)] * 6
    published = suppression.publish(cells_of(fin + ops + law), CATEGORIES, FILTERS)
    # Within Fin, level 2 is 3 people: Fin is not served. Law (the smallest other) is not
    # served either: its level-2 people, at the same stage, could be Fin's, and "everyone
    # minus Ops" no longer tells Fin's three apart.
    assert published.view((0, "Fin")) is None and published.view((0, "Law")) is None
    assert published.view((0, "Ops")) is not None
    # As groups of everyone's table, all three are large enough to show.
    assert [row.hidden for row in published.view().tables[0].rows] == [False, False, False]
    # With nobody in Law at that stage, Ops would tell Fin's three: no view is served then.
    alone = suppression.publish(
        cells_of(fin + ops + [("Law", 1, "w", "<2", "LDN", 3)] * 16), CATEGORIES, FILTERS
    )
    assert len(alone.views) == 1


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(person, max_size=70), clumps))
def test_no_published_view_pins_a_small_group(people):
    cells = cells_of(people)
    published = suppression.publish(cells, CATEGORIES, FILTERS)
    event(f"views within a filter served: {min(len(published.views) - 1, 3)}")
    assert pinned(Population(CATEGORIES), published, cells, FILTERS) == []


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(CATEGORIES[0]),
            st.sampled_from(CATEGORIES[2]),
            st.integers(0, STAGES - 1),
        ),
        max_size=40,
    )
)
def test_no_published_view_pins_a_small_group_in_two_dimensions(people):
    categories = (CATEGORIES[0], CATEGORIES[2])
    cells = cells_of(people)
    published = suppression.publish(cells, categories, (0,))
    assert pinned(Population(categories), published, cells, (0,)) == []


def test_the_attack_pins_a_lone_hidden_group():
    """The attack is not toothless: hide the small group alone and it is worked out."""
    categories = (("Fin", "Law"),)
    cells = {("Fin",): [20, 10, 5, 5], ("Law",): [3, 3, 0, 0]}
    naive = suppression.Published(
        views=(
            suppression.View(
                None,
                (
                    suppression.Table(
                        0,
                        (
                            suppression.Row("Fin", (20, 10, 5, 5)),
                            suppression.Row("Law", (None, None, None, None)),
                        ),
                        (23, 13, 5, 5),
                    ),
                ),
            ),
        ),
        hidden_filters={},
    )
    found = pinned(Population(categories), naive, cells, ())
    assert [(conditions, measure) for conditions, measure, _ in found] == [
        ({0: "Law"}, 0),
        ({0: "Law"}, 1),
    ]
    safe = suppression.publish(cells, categories)
    assert pinned(Population(categories), safe, cells, ()) == []


@pytest.mark.xfail(strict=True, reason="known limitation, docs/decisions/0026-equity-monitoring.md")
def test_known_limitation_a_trait_within_a_unit_can_follow_from_the_stages_alone():
    """Everyone's one-way tables can pin a trait within a unit when the stages split the groups
    cleanly: here everyone at the first stage is in Fin, and one person with 2+ years is at it,
    so Fin has exactly one person with 2+ years. The within-Fin view is not served, but the
    number follows from everyone's tables."""
    people = [("Fin", 1, "w", "<2", "LDN", 0)] * 5 + [("Fin", 1, "w", "2+", "LDN", 0)]
    people += [("Ops", 1, "w", "2+", "LDN", 1)] * 5
    cells = cells_of(people)
    published = suppression.publish(cells, CATEGORIES, FILTERS)
    assert pinned(Population(CATEGORIES), published, cells, FILTERS, crossed=True) == []
