"""The pair's workspace pages. Thin: a scoped fetch (the pair through `pair_engagements`, a
manager through `managed_engagements`), a form, one service call, a message.

Anyone outside an engagement gets 404 for every address under it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.engagements import assessments, checkins, ics, queries, services, stalls
from portal.engagements.forms import (
    AssessmentForm,
    BreakGlassForm,
    CheckInForm,
    EndEarlyForm,
    EvaluationForm,
    GoalForm,
    MilestoneForm,
    NoteForm,
    SessionForm,
    SessionLogForm,
)
from portal.engagements.models import (
    Assessment,
    CalendarFeed,
    Goal,
    ManagerLink,
    Milestone,
    Session,
)
from portal.people.roles import Role
from portal.programmes.models import Cohort, Engagement
from portal.programmes.queries import managed


def _pair_engagement(request: HttpRequest, pk: int) -> Engagement:
    return get_object_or_404(queries.with_people(queries.pair_engagements(request.user)), pk=pk)


def _render_workspace(request: HttpRequest, work, status: int = 200, **forms) -> HttpResponse:
    forms.setdefault("note_form", NoteForm())
    return render(
        request,
        "engagements/detail.html",
        {"work": work, "engagement": work.engagement, **forms},
        status=status,
    )


@login_required
def my_engagements(request: HttpRequest) -> HttpResponse:
    overview = queries.managed_overview(request.user)
    return render(
        request,
        "engagements/mine.html",
        {
            "rows": queries.my_engagements(request.user),
            "managed": overview.rows if overview else [],
            "managed_total": overview.total if overview else 0,
            "stalled": overview.stalled if overview else [],
            "to_evaluate": overview.to_evaluate if overview else [],
            "stall_days": stalls.STALL_DAYS,
            "zone": queries.zone_of(request.user),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The pair's workspace; for a manager of the programme, its metadata; 404 for others."""
    work = queries.workspace(request.user, pk)
    if work is not None:
        return _render_workspace(request, work)
    view = queries.manager_view(request.user, pk)
    if view is None:
        raise Http404("No such engagement.")
    return render(
        request, "engagements/manager.html", {"view": view, "engagement": view.engagement}
    )


@login_required
@require_POST
def confirm_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _pair_engagement(request, pk)
    try:
        services.confirm_agreement(engagement, request.user, request.POST.get("version", ""))
    except services.EngagementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have confirmed the agreement.")
    return redirect("engagements:detail", pk=pk)


@login_required
@require_POST
def write_note(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _pair_engagement(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        work = queries.workspace(request.user, pk)
        return _render_workspace(request, work, status=400, note_form=form)
    note = services.write_note(
        engagement, request.user, form.cleaned_data["tier"], form.cleaned_data["text"]
    )
    messages.success(request, f"Note saved ({note.get_tier_display().split(':')[0].lower()}).")
    return redirect(f"{reverse('engagements:detail', args=[pk])}#notes")


# --- goals -------------------------------------------------------------------------------------


@login_required
def goal_form(request: HttpRequest, pk: int, goal_pk: int | None = None) -> HttpResponse:
    """Add a goal, or edit one (with its milestones)."""
    engagement = _pair_engagement(request, pk)
    goal = get_object_or_404(engagement.goals, pk=goal_pk) if goal_pk else None
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        if goal is None:
            goal = services.add_goal(engagement, request.user, form.goal_values())
            messages.success(request, "Goal added. Add its milestones below.")
            return redirect("engagements:goal", pk=pk, goal_pk=goal.pk)
        # Validating a ModelForm writes its values onto `goal`: compare against the saved row.
        saved = get_object_or_404(engagement.goals, pk=goal_pk)
        services.change_goal(saved, request.user, form.goal_values())
        messages.success(request, "Goal saved.")
        return redirect(f"{reverse('engagements:detail', args=[pk])}#goals")
    return render(
        request,
        "engagements/goal_form.html",
        {
            "engagement": engagement,
            "goal": goal,
            "form": form,
            "milestone_form": MilestoneForm(),
            "milestones": list(goal.milestones.all()) if goal else [],
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def add_milestone(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    engagement = _pair_engagement(request, pk)
    goal = get_object_or_404(engagement.goals, pk=goal_pk)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "engagements/goal_form.html",
            {
                "engagement": engagement,
                "goal": goal,
                "form": GoalForm(instance=goal),
                "milestone_form": form,
                "milestones": list(goal.milestones.all()),
            },
            status=400,
        )
    services.add_milestone(goal, form.cleaned_data["title"], form.cleaned_data["due_on"])
    messages.success(request, "Milestone added.")
    return redirect("engagements:goal", pk=pk, goal_pk=goal_pk)


@login_required
@require_POST
def complete_milestone(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    engagement = _pair_engagement(request, pk)
    milestone = get_object_or_404(
        Milestone.objects.filter(goal__engagement=engagement), pk=milestone_pk
    )
    services.complete_milestone(milestone)
    messages.success(request, "Milestone done.")
    return redirect(f"{reverse('engagements:detail', args=[pk])}#goals")


# --- sessions ----------------------------------------------------------------------------------


def _session(engagement: Engagement, session_pk: int) -> Session:
    return get_object_or_404(
        engagement.sessions.select_related(
            "engagement__mentee", "engagement__mentor__user", "scheduled_by"
        ),
        pk=session_pk,
    )


@login_required
def session_form(request: HttpRequest, pk: int, session_pk: int | None = None) -> HttpResponse:
    """Schedule a session, or change a scheduled one; both get the (updated) invite."""
    engagement = _pair_engagement(request, pk)
    session = _session(engagement, session_pk) if session_pk else None
    if session is not None and session.status != Session.Status.SCHEDULED:
        raise Http404("Only a scheduled session can be changed.")
    zone = queries.zone_of(request.user)
    form = SessionForm(request.POST or None, instance=session, engagement=engagement, zone=zone)
    if request.method == "POST" and form.is_valid():
        if session is None:
            services.schedule_session(engagement, request.user, form.session_values())
            messages.success(request, "Session scheduled: the invite is on its way to you both.")
        else:
            services.change_session(session, request.user, form.session_values())
            messages.success(request, "Session changed: the updated invite is on its way.")
        return redirect(f"{reverse('engagements:detail', args=[pk])}#sessions")
    goals = list(engagement.goals.filter(status__in=["not_started", "on_track", "at_risk"]))
    return render(
        request,
        "engagements/session_form.html",
        {"engagement": engagement, "session": session, "form": form, "goals": goals},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def cancel_session(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    engagement = _pair_engagement(request, pk)
    try:
        services.cancel_session(_session(engagement, session_pk), request.user)
    except services.EngagementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Session cancelled: both calendars are told.")
    return redirect(f"{reverse('engagements:detail', args=[pk])}#sessions")


@login_required
def log_session(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    engagement = _pair_engagement(request, pk)
    session = _session(engagement, session_pk)
    form = SessionLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_session(
                session, form.cleaned_data["outcome"], form.cleaned_data["actual_minutes"]
            )
        except services.EngagementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Session logged.")
            return redirect(f"{reverse('engagements:detail', args=[pk])}#sessions")
    return render(
        request,
        "engagements/session_log.html",
        {
            "engagement": engagement,
            "session": session,
            "form": form,
            "zone": queries.zone_of(request.user),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def session_invite(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = _session(_pair_engagement(request, pk), session_pk)
    response = HttpResponse(ics.invite(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


# --- check-ins ---------------------------------------------------------------------------------


@login_required
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest check-in: the form while it is due, then both sides' answers (the other's
    once both answered or the window closed). A second submit keeps the first answers."""
    engagement = _pair_engagement(request, pk)
    current = queries.checkin_for(engagement, request.user)
    if current is None:
        raise Http404("No check-in has opened yet.")
    goals = list(engagement.goals.exclude(status=Goal.Status.DROPPED))
    form = CheckInForm(request.POST or None, goals=goals) if current.due else None
    if request.method == "POST" and form is None:
        messages.info(request, services.ALREADY_ANSWERED)
        return redirect("engagements:checkin", pk=pk)
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.answer_checkin(
                engagement,
                request.user,
                current.window.number,
                current.is_open,
                form.answer_values(),
            )
        except services.AlreadyAnswered as error:
            messages.info(request, str(error))
            return redirect("engagements:checkin", pk=pk)
        except services.EngagementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your check-in is saved.")
            return redirect("engagements:checkin", pk=pk)
    mine, theirs = current.mine, current.theirs
    progress = [
        (
            goal,
            mine.goal_progress.get(str(goal.pk)) if mine else None,
            theirs.goal_progress.get(str(goal.pk)) if theirs else None,
        )
        for goal in goals
    ]
    is_mentee = engagement.mentee_id == request.user.pk
    return render(
        request,
        "engagements/checkin.html",
        {
            "engagement": engagement,
            "checkin": current,
            "form": form,
            "progress": progress,
            "other": engagement.mentor.user if is_mentee else engagement.mentee,
            "rule": checkins.RULE,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


# --- ending early ------------------------------------------------------------------------------


@login_required
def end_early(request: HttpRequest, pk: int) -> HttpResponse:
    """No-fault exit by either of the pair, with a reason for the programme team only."""
    engagement = _pair_engagement(request, pk)
    if engagement.status != Engagement.Status.ACTIVE:
        raise Http404("This engagement is not active.")
    form = EndEarlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_early(engagement, request.user, form.cleaned_data["reason"])
        except services.EngagementError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "The engagement has ended. You are both told; the reason stays with "
                "the programme team.",
            )
        return redirect("engagements:mine")
    is_mentee = engagement.mentee_id == request.user.pk
    return render(
        request,
        "engagements/end_early.html",
        {
            "engagement": engagement,
            "form": form,
            "other": engagement.mentor.user if is_mentee else engagement.mentee,
            "is_mentee": is_mentee,
        },
        status=400 if form.is_bound else 200,
    )


# --- completion --------------------------------------------------------------------------------


@login_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The outcome evaluation of one side; both sent, the engagement is complete."""
    engagement = _pair_engagement(request, pk)
    current = queries.evaluation_for(engagement, request.user)
    if not current.is_open and current.mine is None:
        raise Http404("The outcome evaluation is not open.")
    is_mentee = engagement.mentee_id == request.user.pk
    goals = list(engagement.goals.exclude(status=Goal.Status.DROPPED).select_related("competency"))
    form = (
        EvaluationForm(request.POST or None, goals=goals, is_mentee=is_mentee)
        if current.due
        else None
    )
    if request.method == "POST" and form is None:
        messages.info(request, "You had already sent your evaluation; your first answers are kept.")
        return redirect("engagements:evaluation", pk=pk)
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.submit_evaluation(
                engagement, request.user, current.is_open, form.evaluation_values()
            )
        except services.AlreadyAnswered as error:
            messages.info(request, str(error))
        except services.EngagementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your outcome evaluation is saved.")
        if not form.errors:
            # A mentor's workspace closes once the engagement is complete.
            return redirect("engagements:mine")
    return render(
        request,
        "engagements/evaluation.html",
        {"engagement": engagement, "evaluation": current, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def open_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme manager asks one pair for their outcome evaluation now."""
    engagement = get_object_or_404(queries.managed_engagements(request.user), pk=pk)
    asked = services.open_evaluation(
        queries.managed_engagements(request.user).filter(pk=engagement.pk), request.user
    )
    messages.success(
        request, "The pair are asked for their outcome evaluation." if asked else "Already asked."
    )
    return redirect("engagements:detail", pk=pk)


@login_required
@require_POST
def open_cohort_evaluation(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    """A programme manager asks every active pair of a cohort for their outcome evaluation."""
    cohort = get_object_or_404(
        managed(Cohort.objects.all(), request.user, "cycle__programme"), pk=cohort_pk
    )
    asked = services.open_evaluation(
        queries.managed_engagements(request.user).filter(cohort=cohort), request.user
    )
    messages.success(
        request, f"{asked} pair{'s' if asked != 1 else ''} asked for their evaluation."
    )
    return redirect("engagements:mine")


# --- pre/post assessment -----------------------------------------------------------------------


@login_required
def assessment(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    """The mentee's self-rating or her mentor's rating of her, for one phase; once sent, the
    ratings (and, for the mentee, her mentor's once both are in)."""
    engagement = _pair_engagement(request, pk)
    if phase not in (assessments.PRE, assessments.POST):
        raise Http404("No such assessment.")
    work = queries.workspace(request.user, pk)
    current = next(p for p in work.data.assessments if p.phase == phase)
    is_mentee = engagement.mentee_id == request.user.pk
    competencies = queries.goal_competencies(engagement)
    form = (
        AssessmentForm(
            request.POST or None,
            competencies=competencies,
            subject="your" if is_mentee else "their",
            with_observation=False,
        )
        if current.due
        else None
    )
    if request.method == "POST" and form is None:
        messages.info(
            request, services.ALREADY_RATED if current.mine else "These ratings are closed."
        )
        return redirect("engagements:detail", pk=pk)
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.submit_assessment(
                engagement, request.user, phase, current.is_open, form.assessment_values()
            )
        except services.AlreadyAnswered as error:
            messages.info(request, str(error))
            return redirect("engagements:detail", pk=pk)
        except services.EngagementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your ratings are saved.")
            return redirect(f"{reverse('engagements:detail', args=[pk])}#assessment")
    names = {str(c.pk): c.name for c in competencies}
    return render(
        request,
        "engagements/assessment.html",
        {
            "engagement": engagement,
            "current": current,
            "form": form,
            "is_mentee": is_mentee,
            "rule": assessments.RULE,
            "mine": _named(current.mine, names),
            "mentor_ratings": _named(current.mentor_shown, names),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _named(row: Assessment | None, names: dict[str, str]) -> list[tuple[str, int]]:
    if row is None:
        return []
    return [
        (names.get(cid, "A competency no longer in the goals"), level)
        for cid, level in row.ratings.items()
    ]


def _rate(request: HttpRequest, link: ManagerLink | None, action: str) -> HttpResponse:
    """The line manager's rating form behind a one-time link (signed in or not)."""
    if link is None:
        return render(
            request, "engagements/rate_gone.html", {"message": services.LINK_GONE}, status=404
        )
    engagement = link.engagement
    with_observation = link.phase == assessments.POST
    form = AssessmentForm(
        request.POST or None,
        competencies=queries.goal_competencies(engagement),
        subject="their",
        with_observation=with_observation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_manager_assessment(link, form.assessment_values())
        except services.EngagementError as error:
            if not form.competencies:
                form.add_error(None, str(error))
            else:
                return render(
                    request, "engagements/rate_gone.html", {"message": str(error)}, status=409
                )
        else:
            return render(request, "engagements/rate_done.html", {"link": link})
    response = render(
        request,
        "engagements/rate.html",
        {
            "link": link,
            "mentee": engagement.mentee,
            "form": form,
            "action": action,
            "with_observation": with_observation,
        },
        status=400 if form.is_bound else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# The link a line manager opened, kept in their (possibly anonymous) session, so the token is
# in one request's address only: the form, its errors and its 400s are at /engagements/rate/,
# and no log line (django.request logs 4xx paths) ever carries the token.
RATING_LINK_SESSION_KEY = "engagements:manager_link"


def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link from the line manager's email: the token is the only key."""
    link = queries.open_manager_link(token)
    if link is None:
        return render(
            request, "engagements/rate_gone.html", {"message": services.LINK_GONE}, status=404
        )
    request.session[RATING_LINK_SESSION_KEY] = link.pk
    return redirect("engagements:rate_opened")


def rate_opened(request: HttpRequest) -> HttpResponse:
    """The rating form of the link opened in this session (still unused and unexpired)."""
    link_pk = request.session.get(RATING_LINK_SESSION_KEY)
    link = (
        queries.open_manager_links().filter(pk=link_pk).first()
        if isinstance(link_pk, int)
        else None
    )
    return _rate(request, link, request.path)


@login_required
def manager_ratings(request: HttpRequest) -> HttpResponse:
    """A signed-in line manager's open rating requests (their inbox links here)."""
    return render(
        request,
        "engagements/manager_ratings.html",
        {"links": list(queries.manager_links_of(request.user))},
    )


@login_required
def rate_signed_in(request: HttpRequest, link_pk: int) -> HttpResponse:
    link = queries.manager_links_of(request.user).filter(pk=link_pk).first()
    return _rate(request, link, request.path)


@login_required
def stories(request: HttpRequest) -> HttpResponse:
    """Consented outcome stories, for the communications team only (404 for others)."""
    if not request.user.has_role(Role.COMMUNICATIONS):
        raise Http404("No such page.")
    return render(
        request, "engagements/stories.html", {"stories": queries.stories_for(request.user)}
    )


# --- break-glass -------------------------------------------------------------------------------


@login_required
def open_note(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    """A manager reads a shared note's text after giving a reason (recorded; the pair sees it)."""
    note = get_object_or_404(
        queries.breakable_notes(request.user)
        .filter(engagement_id=pk)
        .select_related("engagement__mentee", "engagement__mentor__user", "author"),
        pk=note_pk,
    )
    form = BreakGlassForm(request.POST or None)
    opened = None
    if request.method == "POST" and form.is_valid():
        opened = services.open_note(note, request.user, form.cleaned_data["reason"])
    return render(
        request,
        "engagements/open_note.html",
        {"engagement": note.engagement, "note": note, "form": form, "opened": opened},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# --- calendar feed -----------------------------------------------------------------------------


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The person's secret feed address, and a button to replace it."""
    if request.method == "POST":
        services.reset_calendar_feed(request.user)
        messages.success(request, "A new address is ready; the old one no longer works.")
        return redirect("engagements:calendar")
    feed = services.calendar_feed(request.user)
    url = request.build_absolute_uri(reverse("engagements:feed", args=[feed.token]))
    return render(request, "engagements/calendar.html", {"feed_url": url})


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar feed apps subscribe to: the token is the only key (no sign-in)."""
    owner = get_object_or_404(
        CalendarFeed.objects.select_related("person").filter(person__is_active=True), token=token
    ).person
    response = HttpResponse(
        ics.feed(queries.feed_sessions(owner)), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
