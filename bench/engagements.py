"""Time the pair's workspace at scale 1 and 10: the engagement page (the mentor's), My
engagements, and the programme manager's list and metadata view.

The engagement page needs an id known before seeding: `seed_bench_engagement` gives Daniel (the
demo mentor) an engagement with this fixed id (far above what the seed allocates) and fills its
workspace the way the demo does, so the path is stable at every scale.

    .venv/bin/python bench/engagements.py [--json] [--scales 1,10] [--requests 30]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

MENTOR = "daniel.hartmann@meridian.example"
MANAGER = "sofia.lindqvist@meridian.example"
ENGAGEMENT_ID = 900_000


def seed_bench_engagement(scale: int) -> None:
    """Daniel's bench engagement, in the Emerging Leaders Circle (Sofia manages it); idempotent."""
    import random

    from portal.demo.engagements_seed import fill_workspace
    from portal.people.models import MentorProfile, User
    from portal.programmes.models import Engagement, Programme

    if Engagement.objects.filter(pk=ENGAGEMENT_ID).exists():
        return
    programme = Programme.objects.get(slug="emerging-leaders-circle")
    mentee = (
        User.objects.filter(groups__name="Mentee", engagements__isnull=True)
        .exclude(email__startswith="amara.")
        .order_by("pk")
        .first()
    )
    engagement = Engagement.objects.create(
        pk=ENGAGEMENT_ID,
        mentee=mentee,
        mentor=MentorProfile.objects.get(user__email=MENTOR),
        programme=programme,
    )
    fill_workspace(engagement, random.Random(scale))  # noqa: S311 - demo data


PAGES = [
    Page("engagement_page", f"/engagements/{ENGAGEMENT_ID}/", MENTOR),
    Page("my_engagements", "/engagements/", MENTOR),
    Page("manager_list", "/engagements/", MANAGER),
    Page("manager_view", f"/engagements/{ENGAGEMENT_ID}/", MANAGER),
]

if __name__ == "__main__":
    sys.exit(main(PAGES, __doc__, extra_seed=seed_bench_engagement))
