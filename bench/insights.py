"""Time the insights pages against the demo organisation at scale 1 and 10, one entry per page
(the scorecard and dashboard join this list as they land): the equity page as the sponsor reads
it (every programme; the Emerging Leaders Circle has a full previous cycle) and as its
programme manager reads it (with the downloads offered). The figures are aggregated in one
GROUP BY and suppressed in Python over groups, never people: the query count must not move
between scales.

Run from the repository root: `.venv/bin/python bench/insights.py [--json] [--requests N]`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

SPONSOR = "james.whitfield@meridian.example"
MANAGER = "sofia.lindqvist@meridian.example"
EQUITY = "/insights/equity/?programme=emerging-leaders-circle"

PAGES = [
    # Equity monitoring (issue 17).
    Page("equity_sponsor", EQUITY, login_email=SPONSOR),
    Page("equity_manager", EQUITY, login_email=MANAGER),
]

if __name__ == "__main__":
    raise SystemExit(main(PAGES, __doc__))
