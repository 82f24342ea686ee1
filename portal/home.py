"""The personal home page: what needs this person now, and what to do next when nothing does."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState

from forums.queries import awaiting_moderation_count
from portal.engagements.queries import (
    agreements_pending_for,
    checkins_due_for,
    evaluations_due_for,
    partner_of,
    upcoming_for,
    zone_of,
)
from portal.matching.queries import pending_answers, runs_awaiting_review
from portal.people.intake.services import intake_task
from portal.people.models import MentorProfile, Profile, RoleRequest
from portal.people.queries import latest_role_request, pending_role_requests
from portal.people.roles import Role, may_manage_people, may_manage_programmes
from portal.programmes.models import Application
from portal.programmes.queries import (
    applications_of,
    cycles_with_seats,
    waiting_lists_of,
    with_positions,
)


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
    Role.SPONSOR: "Read how the programmes change careers in the library's success stories, and "
    "join the conversation in the communities.",
    Role.COMMUNICATIONS: "Draft stories and newsletters in Publishing; they go to a moderator "
    "for review before they are published.",
    Role.MODERATOR: "Posts from new members and content sent for review land in your queues.",
    Role.AUDITOR: "The audit trail lists every decision and sensitive read with who, when and "
    "why: filter it, search it and export it. Nothing in it can be changed.",
}


def profile_is_complete(profile: Profile | None) -> bool:
    if profile is None:
        return False
    return bool(profile.job_title and (profile.business_unit_id or profile.organisation))


def _role_request_task(user) -> Task | None:
    """Where the person's role request stands: waiting, or declined with the manager's reason
    (until they hold a role). An approved request needs nothing more."""
    request = latest_role_request(user)
    if request is None or request.status == RoleRequest.Status.APPROVED:
        return None
    role = request.role.lower()
    if request.status == RoleRequest.Status.PENDING:
        return Task(
            f"Your request to be a {role} is waiting",
            f"You asked on {request.created_at:%-d %B %Y}. A programme manager decides it; "
            "meanwhile, complete your profile.",
            reverse("edit_profile"),
            "Edit profile",
        )
    if user.role_names:
        return None
    return Task(
        f"Your request to be a {role} was declined",
        f"{request.decided_by or 'The programme team'} wrote: “{request.reason}” "
        "Ask the programme team if you have questions.",
        reverse("edit_profile"),
        "Edit profile",
    )


def tasks_for(user) -> list[Task]:
    """Everything waiting on this person, with a link to where it is done."""
    tasks: list[Task] = []
    role_request = _role_request_task(user)
    if role_request:
        tasks.append(role_request)
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
    tasks += _waiting_places(user)
    tasks += _engagement_work(user)
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
    if may_manage_programmes(user):
        tasks += _programme_work(user)
    if (
        user.has_role(Role.EXTERNAL_EXPERT)
        and MentorProfile.objects.filter(
            user=user, vetting_status=MentorProfile.Vetting.PENDING
        ).exists()
    ):
        tasks.append(
            Task(
                "Your vetting as an external expert is in progress",
                "The programme team checks references and conflicts of interest before an "
                "external expert is listed; meanwhile, complete your mentor profile.",
                reverse("catalog:edit_profile"),
                "Edit your mentor profile",
            )
        )
    if may_manage_people(user):
        vetting = MentorProfile.objects.filter(vetting_status=MentorProfile.Vetting.PENDING).count()
        if vetting:
            tasks.append(
                Task(
                    f"{vetting} external expert{'s' if vetting != 1 else ''} awaiting vetting",
                    "Open each expert's page in People to approve or reject, with what you "
                    "checked.",
                    f"{reverse('people_index')}?{urlencode({'role': Role.EXTERNAL_EXPERT.value})}",
                    "Vet experts",
                )
            )
        asking = pending_role_requests().count()
        if asking:
            tasks.append(
                Task(
                    f"{asking} role request{'s' if asking != 1 else ''} waiting",
                    "New members ask to be a mentee or a mentor: approve, or decline with a "
                    "reason they will read.",
                    reverse("people_role_requests"),
                    "Decide requests",
                )
            )
    if user.has_role(Role.COMMUNICATIONS):
        tasks += _sent_for_review(user)
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


def _waiting_places(user) -> list[Task]:
    """Where the person stands on each waiting list: place, reason and estimated start."""
    waiting = list(
        applications_of(user)
        .filter(status=Application.Status.WAITING)
        .select_related("programme", "cycle")
        .prefetch_related(Prefetch("programme__cycles", queryset=cycles_with_seats()))
    )
    if not waiting:
        return []
    tasks = []
    for application in with_positions(waiting):
        estimate = application.estimate
        when = f" Estimated start: {estimate}." if estimate else ""
        tasks.append(
            Task(
                f"You are number {application.position} on the waiting list for "
                f"{application.programme.name}",
                f"{application.waiting_reason}{when}",
                reverse("programmes:mine"),
                "See your applications",
            )
        )
    return tasks


def _engagement_work(user) -> list[Task]:
    """The next session with each partner, in the person's own time zone, and agreements they
    have not confirmed yet."""
    tasks = [
        Task(
            f"Confirm your mentoring agreement with {partner_of(e, user).get_full_name()}",
            "Read the programme's expectations and confirm them: time, cadence, "
            "confidentiality, raising a concern and a no-fault exit.",
            reverse("engagements:detail", args=[e.pk]),
            "Read and confirm",
        )
        for e in agreements_pending_for(user)
    ]
    tasks += [
        Task(
            f"Check-in due with {partner_of(e, user).get_full_name()}",
            f"A few minutes on your goals and how the mentoring is going; open until "
            f"{window.closes_on:%-d %B}.",
            reverse("engagements:checkin", args=[e.pk]),
            "Answer the check-in",
        )
        for e, window in checkins_due_for(user)
    ]
    tasks += [
        Task(
            f"Outcome evaluation due with {partner_of(e, user).get_full_name()}",
            "Say which goals you achieved and how far you came; when both of you have "
            "answered, the engagement is complete and the alumni network opens.",
            reverse("engagements:evaluation", args=[e.pk]),
            "Answer the evaluation",
        )
        for e in evaluations_due_for(user)
    ]
    sessions = upcoming_for(user)
    if sessions:
        zone = zone_of(user)
        session = sessions[0]
        engagement = session.engagement
        other = partner_of(engagement, user)
        when = timezone.localtime(session.starts_at, zone)
        tasks.append(
            Task(
                f"Next session with {other.get_full_name()}: {when:%A %-d %B, %H:%M}",
                f"{session.get_format_display()}, {session.minutes} minutes ({zone.key} time).",
                reverse("engagements:detail", args=[engagement.pk]) + "#sessions",
                "Open the engagement",
            )
        )
    return tasks


def _programme_work(user) -> list[Task]:
    """A programme manager's waiting work in their own programmes: runs to review, and
    running cycles with free seats while people wait."""
    tasks = []
    runs = runs_awaiting_review(user).count()
    if runs:
        tasks.append(
            Task(
                f"{runs} matching run{'s' if runs != 1 else ''} ready for your review",
                "Read the explanations, lock or override pairs, then publish the proposals.",
                reverse("matching_index"),
                "Review runs",
            )
        )
    today = timezone.localdate()
    open_seats = waiting_lists_of(user, today).filter(starts_on__lte=today, free_seats__gt=0)
    for cycle in open_seats:
        free = cycle.free_seats
        tasks.append(
            Task(
                f"{free} free seat{'s' if free != 1 else ''} in {cycle.programme.name}",
                f"{cycle.waiting_count} {'people are' if cycle.waiting_count != 1 else 'person is'}"
                f" waiting for {cycle.name}; admit them in order or record why not.",
                reverse("programmes_waiting_list", args=[cycle.pk]),
                "Open the waiting list",
            )
        )
    return tasks


def _sent_for_review(user) -> list[Task]:
    """What communications sent to the moderators, still in review (two queries)."""
    in_review = WorkflowState.objects.filter(
        requested_by=user, status=WorkflowState.STATUS_IN_PROGRESS
    )
    count = in_review.count()
    if not count:
        return []
    latest = in_review.order_by("-created_at").prefetch_related("content_object")[:3]
    titles = ", ".join(f"“{state.content_object}”" for state in latest)
    return [
        Task(
            f"{count} item{'s' if count != 1 else ''} with the moderators for review",
            f"{titles}: you hear when a moderator approves or asks for changes.",
            reverse("wagtailadmin_home"),
            "See in Publishing",
        )
    ]


def next_steps_for(user) -> list[tuple[str, str]]:
    return [(role.value, NEXT_STEPS[role]) for role in user.roles]
