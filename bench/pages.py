"""Time the portal shell pages against the demo organisation at scale 1 and 10.

Run from the repository root: `.venv/bin/python bench/pages.py [--json] [--requests N]`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

MENTEE = "amara.okafor@meridian.example"

PAGES = [
    Page("home", "/", login_email=MENTEE),
    Page("login", "/accounts/login/"),
    Page("forum_index", "/forum/", login_email=MENTEE),
    Page("healthz", "/healthz"),
]

if __name__ == "__main__":
    raise SystemExit(main(PAGES, __doc__))
