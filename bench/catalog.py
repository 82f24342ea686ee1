"""Time the mentor catalog (list, filtered list, a mentor's page) at scale 1 and 10.

Signed in as the demo mentee. When the demo seed does not create mentor profiles yet,
`seed_mentor_profiles` lists the demo's mentors (idempotent), so the figures exist either way.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Page, main

MENTEE = "amara.okafor@meridian.example"
# The mentor page needs an id known before seeding: seed_mentor_profiles gives one listed mentor
# this fixed id (far above what the seed allocates), so the path is stable at every scale.
DETAIL_MENTOR_ID = 900_000
DETAIL_MENTOR_EMAIL = "bench.mentor@meridian.example"


def seed_mentor_profiles(scale: int) -> None:
    """Give every demo mentor without one a listed profile with three strengths (idempotent)."""
    import random

    from django.utils import timezone

    from portal.people.models import Competency, Format, MentorProfile, MentorStrength, User
    from portal.people.roles import Role

    rng = random.Random(scale)  # noqa: S311 - demo data, not secrets
    competencies = list(Competency.objects.order_by("pk"))
    formats = list(Format.objects.all())
    mentors = User.objects.filter(groups__name=Role.MENTOR.value, mentor_profile__isnull=True)
    for user in mentors:
        external = user.groups.filter(name=Role.EXTERNAL_EXPERT.value).exists()
        profile = MentorProfile.objects.create(
            user=user,
            kind=MentorProfile.Kind.EXTERNAL if external else MentorProfile.Kind.INTERNAL,
            vetting_status=MentorProfile.Vetting.APPROVED
            if external
            else MentorProfile.Vetting.NOT_REQUIRED,
            bio="Two decades leading teams through growth and change.",
            outcomes="A clearer plan and the confidence to act on it.",
            capacity=rng.randint(1, 4),
            availability=["morning"],
            onboarding_completed_at=timezone.now(),
        )
        profile.formats.add(*rng.sample(formats, 2))
        MentorStrength.objects.bulk_create(
            MentorStrength(mentor=profile, competency=competency, level=rng.randint(3, 5))
            for competency in rng.sample(competencies, 3)
        )
    _seed_detail_mentor(competencies, formats)
    mentee = User.objects.get(email=MENTEE)
    if not mentee.learning_goals.exists():
        from portal.people.models import LearningGoal

        for slug, current, target in (("financial-acumen", 2, 4), ("negotiation", 3, 4)):
            LearningGoal.objects.create(
                user=mentee,
                competency=Competency.objects.get(slug=slug),
                current_level=current,
                target_level=target,
            )


def _seed_detail_mentor(competencies, formats) -> None:
    from django.utils import timezone

    from portal.people.models import MentorProfile, MentorStrength, Profile, User
    from portal.people.roles import Role
    from portal.people.services import grant_roles

    user, _ = User.objects.get_or_create(
        email=DETAIL_MENTOR_EMAIL, defaults={"first_name": "Bench", "last_name": "Mentor"}
    )
    grant_roles(user, Role.MENTOR)
    Profile.objects.get_or_create(
        user=user, defaults={"job_title": "Chief Operating Officer", "time_zone": "Europe/Paris"}
    )
    profile, created = MentorProfile.objects.get_or_create(
        pk=DETAIL_MENTOR_ID,
        defaults={
            "user": user,
            "bio": "Ran operations in four regions; chairs the supply-chain council.",
            "outcomes": "A sharper operating rhythm and a board-ready plan.",
            "capacity": 3,
            "availability": ["morning", "afternoon"],
            "onboarding_completed_at": timezone.now(),
        },
    )
    if created:
        profile.formats.add(*formats)
        MentorStrength.objects.bulk_create(
            MentorStrength(mentor=profile, competency=competency, level=5 - n % 3)
            for n, competency in enumerate(competencies[:6])
        )


PAGES = [
    Page("catalog", "/mentors/", login_email=MENTEE),
    Page("catalog_filtered", "/mentors/?format=one_on_one&has_free_places=on", login_email=MENTEE),
    Page("mentor_detail", f"/mentors/{DETAIL_MENTOR_ID}/", login_email=MENTEE),
]

if __name__ == "__main__":
    raise SystemExit(main(PAGES, __doc__, extra_seed=seed_mentor_profiles))
