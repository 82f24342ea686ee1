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
