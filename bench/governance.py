"""Time the governance pages against the demo organisation at scale 1 and 10: the mentor's own
conflict-of-interest register and a programme manager's review queue; a participant's
policies, the acknowledge page (Kwame has the code of conduct's second version to acknowledge)
and a manager's acknowledgement rates (Sofia).

Run from the repository root: `.venv/bin/python bench/governance.py [--json] [--requests N]`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

MENTOR = "daniel.hartmann@meridian.example"
WAITING_MENTEE = "kwame.mensah@meridian.example"
MANAGER = "sofia.lindqvist@meridian.example"

PAGES = [
    Page("my_conflicts", "/governance/conflicts/", login_email=MENTOR),
    Page("conflict_queue", "/admin/governance/conflicts/", login_email=MANAGER),
    Page("policies", "/governance/", login_email=WAITING_MENTEE),
    Page("acknowledge", "/governance/acknowledge/?next=/programmes/", login_email=WAITING_MENTEE),
    Page("acknowledgement_rates", "/admin/governance/acknowledgements/", login_email=MANAGER),
]

if __name__ == "__main__":
    raise SystemExit(main(PAGES, __doc__))
