"""The personal home page: what needs this person now, and what to do next when nothing does."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState

from forums.queries import awaiting_moderation_count
from portal import generations
from portal.engagements import cache as engagement_cache
from portal.engagements.queries import (
    agreements_pending_for,
    checkins_due_for,
    evaluations_due_for,
    pair_engagements,
    partner_of,
    upcoming_for,
    zone_of,
)
from portal.governance.models import ExpertVetting
from portal.governance.queries import awaiting_sponsor, open_actions_of, pending_conflicts
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

DUE_DILIGENCE_TASKS = {
    ExpertVetting.Stage.COLLECTING: (
        "Complete your due diligence",
        "Give your terms and upload your evidence; the programme team checks each item, then "
        "a programme manager and a sponsor approve before you are listed.",
        "Open your due diligence",
    ),
    ExpertVetting.Stage.AWAITING_SPONSOR: (
        "Your due diligence awaits a sponsor's approval",
        "The programme manager has approved it; you are told when a sponsor has.",
        "See where it stands",
    ),
    ExpertVetting.Stage.EXPIRED: (
        "Your vetting has expired",
        "You are not listed or matched until the programme team renews it with you.",
        "Open your due diligence",
    ),
    ExpertVetting.Stage.REJECTED: (
        "Your due diligence was not approved",
        "Read the reason; the programme team can reopen it with you.",
        "Open your due diligence",
    ),
}


def _due_diligence_task(user) -> list["Task"]:
    stage = ExpertVetting.objects.filter(mentor__user=user).values_list("stage", flat=True).first()
    if stage is None:
        # Vetted before due diligence was recorded here: nothing to do while approved.
        vetted = MentorProfile.objects.filter(
            user=user, vetting_status=MentorProfile.Vetting.APPROVED
        ).exists()
        stage = None if vetted else ExpertVetting.Stage.COLLECTING
    if stage not in DUE_DILIGENCE_TASKS:
        return []
    title, detail, action = DUE_DILIGENCE_TASKS[stage]
    return [Task(title, detail, reverse("governance:my_vetting"), action)]


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
    Role.SPONSOR: "Read the balanced scorecard for how each programme is doing, the library's "
    "success stories for how it changes careers, and join the conversation in the communities.",
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
    if user.has_role(Role.EXTERNAL_EXPERT):
        tasks += _due_diligence_task(user)
    if user.has_role(Role.SPONSOR):
        awaiting = awaiting_sponsor(user).count()
        if awaiting:
            tasks.append(
                Task(
                    f"{awaiting} external expert{'s' if awaiting != 1 else ''} awaiting your "
                    "approval",
                    "A programme manager has checked their due diligence; as a sponsor you "
                    "give the second approval.",
                    reverse("governance:sponsor_list"),
                    "Review experts",
                )
            )
    if may_manage_people(user):
        vetting = ExpertVetting.objects.filter(stage=ExpertVetting.Stage.COLLECTING).count()
        if vetting:
            tasks.append(
                Task(
                    f"{vetting} external expert{'s' if vetting != 1 else ''} in due diligence",
                    "Check each item with its evidence, then approve with the vetting's expiry "
                    "date (a sponsor approves next), or reject with a reason.",
                    reverse("governance_experts"),
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
    if may_manage_programmes(user) or user.has_role(Role.SPONSOR):
        tasks += _review_actions(user)
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


def _review_actions(user) -> list[Task]:
    """The actions the steering group's reviews gave this person, not yet done. A manager
    records them done on the review in the admin; a sponsor reads them on the register."""
    staff = may_manage_programmes(user)
    return [
        Task(
            f"Review action due {action.due_on:%-d %B %Y}: {action.action}",
            f"Agreed at the {action.review}; yours to carry out.",
            reverse("review_admin:edit", args=[action.review_id])
            if staff
            else f"{reverse('governance:risks')}#actions",
            "Open the review" if staff else "See your actions",
        )
        for action in open_actions_of(user)
    ]


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


# The sessions kept with home's engagement work: the next is picked from them at each request.
KEPT_SESSIONS = 10


def _engagement_work(user) -> list[Task]:
    """The next session with each partner, in the person's own time zone, and the agreements,
    check-ins and evaluations waiting on them: read once a day and kept until one of their
    engagements changes (portal.engagements.cache); only which session is next is worked out
    on every request."""
    engagement_ids = list(pair_engagements(user).order_by("pk").values_list("pk", flat=True))
    if not engagement_ids:
        return []
    tasks, sessions, zone = generations.cached(
        ("home-engagement-work", user.pk, timezone.localdate().isoformat()),
        [engagement_cache.engagement(pk) for pk in engagement_ids],
        lambda: _read_engagement_work(user),
    )
    now = timezone.now()
    session = next((s for s in sessions if s.starts_at >= now), None)
    if session is None:
        return tasks
    engagement = session.engagement
    when = timezone.localtime(session.starts_at, zone)
    return [
        *tasks,
        Task(
            f"Next session with {partner_of(engagement, user).get_full_name()}: "
            f"{when:%A %-d %B, %H:%M}",
            f"{session.get_format_display()}, {session.minutes} minutes ({zone.key} time).",
            reverse("engagements:detail", args=[engagement.pk]) + "#sessions",
            "Open the engagement",
        ),
    ]


def _read_engagement_work(user) -> tuple[list[Task], list, object]:
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
    return tasks, upcoming_for(user, limit=KEPT_SESSIONS), zone_of(user)


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
    conflicts = pending_conflicts(user).count()
    if conflicts:
        tasks.append(
            Task(
                f"{conflicts} conflict{'s' if conflicts != 1 else ''} of interest to review",
                "Accept a declaration to make it a hard rule in matching, note it, or reject "
                "it with a reason the person reads.",
                reverse("governance_conflicts"),
                "Review conflicts",
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


def scorecard_headline(user):
    """A sponsor's headline figures from the balanced scorecard of every programme (from the
    cache while nothing it counts changes), or None for anyone else."""
    from portal.insights import queries as insight_queries
    from portal.insights import scorecard

    if not (user.has_role(Role.SPONSOR) and insight_queries.may_read_scorecard(user)):
        return None
    scope = scorecard.scope_of(insight_queries.scorecard_programmes(user))
    return scorecard.cached(scope).headline


def next_steps_for(user) -> list[tuple[str, str]]:
    return [(role.value, NEXT_STEPS[role]) for role in user.roles]
