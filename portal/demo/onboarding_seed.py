"""Mentor onboarding in the demo: three of the library's modules are required for mentors, and
one internal mentor not yet onboarded is part-way through them (one of three completed), so a
programme manager sees both ways onboarding gets done. Idempotent."""

from content.models import LearningModulePage
from content.services import complete_module
from portal.people.models import MentorProfile

REQUIRED_MODULES = (
    "listening-for-what-is-not-said",
    "deciding-with-incomplete-information",
    "the-one-page-strategy",
)


def seed_onboarding() -> MentorProfile | None:
    """Mark the required modules; return the mentor part-way through (None if every demo mentor
    is onboarded already)."""
    modules = list(LearningModulePage.objects.filter(slug__in=REQUIRED_MODULES).order_by("path"))
    for module in modules:
        if not module.required_for_mentors:
            module.required_for_mentors = True
            module.save_revision().publish()
    mentor = (
        MentorProfile.objects.filter(
            kind=MentorProfile.Kind.INTERNAL, onboarding_completed_at__isnull=True
        )
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if mentor is not None and modules:
        complete_module(mentor.user, modules[0])
    return mentor
