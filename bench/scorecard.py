"""Time the balanced scorecard at scale 1 and 10: the sponsor's overview of every programme,
one programme's scorecard for its manager (whole and filtered to a cohort), and the sponsor's
home with the headline figures.

Warm requests read the scorecard from the cache (portal/generations.py; retired whenever a row
it counts changes), so the pages' figures are what a reader sees between changes. What a
change costs, the scorecard computed from the database with the cache bypassed, is measured
too at each scale and printed on stderr (median of 5 and its query count), beside the pages.

    .venv/bin/python bench/scorecard.py [--json] [--scales 1,10] [--requests 30]
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

SPONSOR = "james.whitfield@meridian.example"
MANAGER = "sofia.lindqvist@meridian.example"
PROGRAMME_SLUG = "emerging-leaders-circle"
# The seed is deterministic and creates programmes and cohorts in a fixed order, so their ids
# are the same at every scale; `check_ids_and_time_compute` stops the run if that changes.
PROGRAMME_ID = 2
COHORT_ID = 8  # its previous cycle's Digital & Technology circle


def check_ids_and_time_compute(scale: int) -> None:
    """Check the pages' ids still name the programme and cohort, then time the scorecard
    computed from the database (the cache bypassed) and log it on stderr."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.insights import scorecard
    from portal.programmes.models import Cohort, Programme

    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    cohort = Cohort.objects.select_related("cycle").get(pk=COHORT_ID)
    if programme.pk != PROGRAMME_ID or cohort.cycle.programme_id != PROGRAMME_ID:
        raise RuntimeError("The demo's programme or cohort ids moved: update bench/scorecard.py")
    for name, scope in (
        ("every programme", scorecard.scope_of(Programme.objects.all())),
        ("one cohort", scorecard.Scope((PROGRAMME_ID,), cohort=cohort)),
    ):
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                scorecard.compute(scope)
            timings.append((time.perf_counter() - started) * 1000)
        # On stderr (the harness sends stdout there too while it runs), beside its progress.
        print(
            f"bench: scale {scale}, scorecard of {name} computed uncached: median "
            f"{statistics.median(timings):.1f} ms, {len(captured)} queries",
            file=sys.stderr,
        )


PAGES = [
    Page("scorecard_overview", "/insights/scorecard/", SPONSOR),
    Page("programme_scorecard", f"/insights/scorecard/{PROGRAMME_ID}/", MANAGER),
    Page(
        "cohort_scorecard",
        f"/insights/scorecard/{PROGRAMME_ID}/?cohort={COHORT_ID}",
        MANAGER,
    ),
    Page("sponsor_home", "/", SPONSOR),
]

if __name__ == "__main__":
    sys.exit(main(PAGES, __doc__, extra_seed=check_ids_and_time_compute))
