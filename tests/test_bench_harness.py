"""The page-benchmark harness: its statistics, and its measurement of a real page."""

import pytest

from bench.harness import LOGIN_BACKEND, BenchError, measure, median, p95, percentile


def test_median_of_odd_and_even_sample_counts():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_p95_is_the_nearest_rank_sample():
    assert p95([float(n) for n in range(100, 0, -1)]) == 95.0
    assert p95([float(n) for n in range(1, 21)]) == 19.0
    assert p95([float(n) for n in range(1, 31)]) == 29.0
    assert p95([10.0, 1.0, 7.0]) == 10.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0


def test_statistics_refuse_no_samples():
    with pytest.raises(ValueError):
        median([])
    with pytest.raises(ValueError):
        p95([])


def test_measure_times_a_signed_in_home_page(client, mentee):
    client.force_login(mentee, backend=LOGIN_BACKEND)

    figures = measure(client, "/", requests=3, warmup=1)

    assert set(figures) == {"median_ms", "p95_ms", "queries"}
    assert 0 < figures["median_ms"] <= figures["p95_ms"]
    assert isinstance(figures["queries"], int)
    assert figures["queries"] > 0


def test_measure_refuses_a_page_that_does_not_answer_200(client, db):
    with pytest.raises(BenchError, match="302"):
        measure(client, "/", requests=3, warmup=0)
