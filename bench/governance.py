"""Time the conflict-of-interest pages against the demo organisation at scale 1 and 10: the
mentor's own register and a programme manager's review queue.

Run from the repository root: `.venv/bin/python bench/governance.py [--json] [--requests N]`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

MENTOR = "daniel.hartmann@meridian.example"
MANAGER = "sofia.lindqvist@meridian.example"

PAGES = [
    Page("my_conflicts", "/governance/conflicts/", login_email=MENTOR),
    Page("conflict_queue", "/admin/governance/conflicts/", login_email=MANAGER),
]

if __name__ == "__main__":
    raise SystemExit(main(PAGES, __doc__))
