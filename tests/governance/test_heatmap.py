"""The register's arithmetic: scores, bands and the 5×5 grid (pure, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from portal.governance import heatmap

one_to_five = st.integers(min_value=1, max_value=5)


def test_bands_follow_the_register_colours():
    assert [heatmap.band(s) for s in (1, 4, 5, 9, 10, 14, 15, 25)] == [
        "low", "low", "medium", "medium", "high", "high", "severe", "severe",
    ]  # fmt: skip


@given(st.lists(st.tuples(one_to_five, one_to_five), max_size=60))
def test_the_grid_counts_every_risk_once_in_its_own_cell(pairs):
    rows = heatmap.grid(pairs)
    assert [row.likelihood for row in rows] == [5, 4, 3, 2, 1]
    assert all([cell.impact for cell in row.cells] == [1, 2, 3, 4, 5] for row in rows)
    assert sum(cell.count for row in rows for cell in row.cells) == len(pairs)
    for row in rows:
        for cell in row.cells:
            assert cell.count == pairs.count((cell.likelihood, cell.impact))
            assert cell.score == cell.likelihood * cell.impact


def test_a_cell_says_what_it_holds_in_words():
    cell = heatmap.grid([(4, 5)])[1].cells[4]
    assert cell.label == "1 open risk, score 20 (severe)"
