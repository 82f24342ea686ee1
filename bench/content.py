"""Time the knowledge library's index and a case study at demo scale 1 and 10.

Signed in as the demo mentee. `seed_library` builds the demo library (31 items; at scale 10 about
ten times as many case studies, without revisions) in the throwaway database.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

MENTEE = "amara.okafor@meridian.example"


def seed_library(scale: int) -> None:
    import random

    from portal.demo.content_seed import seed_content

    seed_content(scale, random.Random(scale))  # noqa: S311 - demo data, not secrets


PAGES = [
    Page("library_index", "/library/", login_email=MENTEE),
    Page(
        "library_filtered", "/library/?competency=financial-acumen&format=read", login_email=MENTEE
    ),
    Page("case_study", "/library/case-studies/two-plants-one-budget/", login_email=MENTEE),
]

if __name__ == "__main__":
    raise SystemExit(main(PAGES, __doc__, extra_seed=seed_library))
