"""Demo matching: one cohort with a published round (some answers still pending) and another
cohort with a run ready for review, built through the matching services. Idempotent."""

import random

from django.db import transaction

from portal.matching import services
from portal.matching.models import Match, MatchRun
from portal.programmes.models import Cohort

DEMO_PROGRAMME = "executive-leadership-accelerator"
REVIEW_PROGRAMME = "emerging-leaders-circle"


def _manager():
    from portal.demo.programmes_seed import PROGRAMME_MANAGER
    from portal.people.models import User

    return User.objects.filter(email=PROGRAMME_MANAGER).first()


def _cohorts(slug: str) -> list[Cohort]:
    from django.db.models import Count
    from django.utils import timezone

    today = timezone.localdate()
    return list(
        Cohort.objects.filter(
            cycle__programme__slug=slug, cycle__starts_on__lte=today, cycle__ends_on__gt=today
        )
        .annotate(size=Count("memberships"))
        .filter(size__gt=0)
        .select_related("cycle__programme")
        .order_by("-size", "pk")
    )


def _first_run(slug: str, manager) -> MatchRun | None:
    for cohort in _cohorts(slug):
        try:
            run = services.run_matching(cohort, manager)
        except services.MatchingError:
            continue
        if run.matched_count:
            return run
    return None


def seed_matching(scale: int, rng: random.Random) -> None:
    """A published round with pending answers, and a run to review (skipped if seeded before)."""
    if MatchRun.objects.filter(cohort__cycle__programme__slug=DEMO_PROGRAMME).exists():
        return
    manager = _manager()
    with transaction.atomic():
        run = _first_run(DEMO_PROGRAMME, manager)
        if run is not None:
            services.publish_run(run, manager)
            matches = list(Match.objects.filter(run=run).select_related("mentor__user", "mentee"))
            rng.shuffle(matches)
            # The demo mentee (Amara) keeps a proposal to answer when she signs in.
            matches.sort(key=lambda m: m.mentee.email.startswith("amara."))
            # A third start at once, a third have the mentee's yes only, the rest wait.
            third = max(len(matches) // 3, 0)
            for match in matches[:third]:
                services.respond_to_match(match, match.mentee, accept=True)
                services.respond_to_match(match, match.mentor.user, accept=True)
            for match in matches[third : 2 * third]:
                services.respond_to_match(match, match.mentee, accept=True)
        _first_run(REVIEW_PROGRAMME, manager)
