"""Demo matching: Amara's cohort with a published round (some answers still pending, hers and
Daniel's among them: he is proposed as her mentor) and another programme's cohort with a run
ready for Sofia's review, built through the matching services. Idempotent.

The review run is the Executive Leadership Accelerator's, which matches in stable mode
(programmes_seed.py), so Sofia opens a stable run; "Run again as best total fit to compare"
on its page gives her the other mode side by side."""

import contextlib
import random

from django.db import transaction

from portal.matching import services
from portal.matching.models import Match, MatchRun
from portal.programmes.models import Cohort

DEMO_PROGRAMME = "emerging-leaders-circle"
REVIEW_PROGRAMME = "executive-leadership-accelerator"
DEMO_MENTEE = "amara.okafor@meridian.example"
DEMO_MENTOR = "daniel.hartmann@meridian.example"
PAIRING_REASON = "Daniel asked to mentor someone from Consumer Products; Amara's finance gap fits."
PUBLISH_REASON = "Reviewed with the cohort lead; the one override is Daniel's own request."


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


def _first_run(slug: str, manager, prefer: str = "") -> MatchRun | None:
    cohorts = _cohorts(slug)
    cohorts.sort(key=lambda c: not c.memberships.filter(user__email=prefer).exists())
    for cohort in cohorts:
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
        run = _first_run(DEMO_PROGRAMME, manager, prefer=DEMO_MENTEE)
        if run is not None:
            _propose_daniel_to_amara(run, manager)
            services.publish_run(run, manager, PUBLISH_REASON)
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


def _propose_daniel_to_amara(run: MatchRun, manager) -> None:
    """The README's story: Daniel (the demo mentor) is proposed to Amara (the demo mentee)."""
    from portal.people.models import MentorProfile, User

    amara = User.objects.filter(email=DEMO_MENTEE).first()
    daniel = MentorProfile.objects.filter(user__email=DEMO_MENTOR).first()
    if amara is None or daniel is None or run.pairs.filter(mentee=amara, mentor=daniel).exists():
        return
    with contextlib.suppress(services.MatchingError):  # the engine's own choice stands then
        services.override_pair(run, amara, daniel, manager, PAIRING_REASON)
