"""The personal home page: what needs this person now, and what to do next when nothing does."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from wagtail.models import TaskState

from forums.queries import awaiting_moderation_count
from portal.matching.queries import pending_answers
from portal.people.intake.services import intake_task
from portal.people.models import Profile
from portal.people.roles import Role


@dataclass(frozen=True)
class Task:
    title: str
    detail: str
    url: str
    action: str


# What a person in each role does next, shown when nothing needs them.
NEXT_STEPS = {
    Role.MENTEE: "Keep your profile current: programme managers use your level, unit and time "
    "zone to place you in the right programme and cohort.",
    Role.MENTOR: "Keep your profile current so mentees and programme managers see your title, "
    "unit and time zone; your peers are in the mentor community.",
    Role.EXTERNAL_EXPERT: "Complete your profile with your firm and time zone; the programme "
    "team reviews external experts before they are matched.",
    Role.PROGRAMME_MANAGER: "The programme admin is your workspace for programmes, cohorts and "
    "matching runs; the people of the demo organisation are ready to be placed.",
    Role.SPONSOR: "The programme's scorecard and equity views will appear here as the first "
    "cycle reports.",
    Role.COMMUNICATIONS: "Draft stories and newsletters in Publishing; they go to a moderator "
    "for review before they are published.",
    Role.MODERATOR: "Posts from new members and content sent for review land in your queues.",
}


def profile_is_complete(profile: Profile | None) -> bool:
    if profile is None:
        return False
    return bool(profile.job_title and (profile.business_unit_id or profile.organisation))


def tasks_for(user) -> list[Task]:
    """Everything waiting on this person, with a link to where it is done."""
    tasks: list[Task] = []
    intake = intake_task(user)
    if intake:
        tasks.append(Task(*intake))
    if pending_answers(user).exists():
        tasks.append(
            Task(
                "Answer your proposed match",
                "The programme team has proposed a mentoring pair for you. Read why, then "
                "accept or decline.",
                reverse("matching:mine"),
                "See the match",
            )
        )
    profile = Profile.objects.filter(user=user).select_related("business_unit").first()
    # A mentee's intake asks for the career profile itself, so it replaces this task.
    if not intake and not profile_is_complete(profile):
        tasks.append(
            Task(
                "Complete your profile",
                "Add your job title and business unit (or your firm, if you are an external "
                "expert) so the programme team can place you.",
                reverse("edit_profile"),
                "Edit profile",
            )
        )
    if user.has_role(Role.MODERATOR):
        waiting = awaiting_moderation_count(user)
        if waiting:
            tasks.append(
                Task(
                    f"{waiting} forum item{'s' if waiting != 1 else ''} awaiting review",
                    "New members' posts wait for approval, and reported posts for a decision, "
                    "in the communities you moderate.",
                    reverse("forum_moderation:queue"),
                    "Open the review queue",
                )
            )
    if user.may_use_admin:
        reviews = (
            TaskState.objects.reviewable_by(user)
            .filter(Q(status=TaskState.STATUS_IN_PROGRESS))
            .count()
        )
        if reviews:
            tasks.append(
                Task(
                    f"{reviews} item{'s' if reviews != 1 else ''} waiting for your review",
                    "Content sent for review in the publishing workflow.",
                    reverse("wagtailadmin_home"),
                    "Review",
                )
            )
    return tasks


def next_steps_for(user) -> list[tuple[str, str]]:
    return [(role.value, NEXT_STEPS[role]) for role in user.roles]
