"""Changes of state in the pair's workspace, one function per intention.

Callers have already fetched the engagement through `queries.pair_engagements(user)` (or, for a
break-glass read, `queries.managed_engagements`); these functions change rows, keep the log and
tell the people concerned through `tell`, the one way this app informs anyone.
"""

import secrets
from datetime import UTC, date, timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.engagements import agreement, assessments, cache, ics
from portal.engagements.models import (
    AgreementConfirmation,
    Assessment,
    CalendarFeed,
    CheckInAnswer,
    EngagementLogEntry,
    Goal,
    ManagerLink,
    Milestone,
    Note,
    NudgeSent,
    OutcomeEvaluation,
    Session,
)
from portal.notifications.kinds import (
    ASSESSMENT_FOR_MANAGER,
    ASSESSMENT_OPEN,
    ENGAGEMENT_ENDED,
    EVALUATION_OPEN,
    NUDGE,
    SESSION_CHANGED,
    STORY_CONSENTED,
    Kind,
)
from portal.notifications.services import emails_are_held, notify
from portal.people.models import LearningGoal, ProficiencyLevel, Profile, User
from portal.people.queries import hash_token
from portal.people.roles import Role
from portal.programmes import services as programme_services
from portal.programmes.models import Engagement
from portal.tasks import enqueue_after_commit

GOAL_CHANGED = "engagements.goal_changed"
GOAL_ADDED = "engagements.goal_added"
NOTE_OPENED = "engagements.note_opened"
ENDED_EARLY = "engagements.ended_early"
COMPLETED = "engagements.completed"
EVALUATION_OPENED = "engagements.evaluation_opened"
# Entries shown as a goal's history (the log also holds break-glass reads and exits).
GOAL_ACTIONS = (GOAL_CHANGED, GOAL_ADDED)
GOAL_FIELDS = (
    "statement",
    "competency",
    "measure",
    "target_date",
    "status",
    "progress",
    "impact_metric",
    "impact_baseline",
    "impact_target",
    "impact_result",
)


class EngagementError(Exception):
    """A change the workspace's rules refuse; the message says why, for the person."""


ALREADY_ANSWERED = "You had already answered this check-in; your first answers are kept."


class AlreadyAnswered(EngagementError):
    """The person had already answered this check-in (a double click): one record is kept."""


# --- telling people ----------------------------------------------------------------------------


def tell(
    engagement: Engagement,
    kind: Kind,
    title: str,
    body: str,
    *,
    invite: str = "",
    url: str = "",
) -> None:
    """Tell the pair something about their engagement, through the notifications (inbox and
    email, with the calendar invite attached when given): the one place this app does so. Both
    are told, the one who acted included, so both calendars follow. `url` defaults to the
    engagement page (an ended one sends both to My engagements: the mentor's page is gone)."""
    notify(
        _pair(engagement),
        kind,
        title=title,
        body=body,
        url=url or reverse("engagements:detail", args=[engagement.pk]),
        calendar=invite,
    )


def _pair(engagement: Engagement) -> list[User]:
    return [engagement.mentor.user, engagement.mentee]


# --- agreement ---------------------------------------------------------------------------------


def terms_of(engagement: Engagement) -> agreement.Terms:
    programme = engagement.programme
    if programme is None:
        return agreement.Terms("This engagement", 2, 6)
    return agreement.Terms(programme.name, programme.hours_per_month, programme.duration_months)


def confirm_agreement(engagement: Engagement, person: User, version: str) -> AgreementConfirmation:
    """Record that `person` confirmed the agreement in the wording `version` they saw.

    Refused when the wording changed since the page was shown (they confirm what they read)."""
    current = agreement.version_of(agreement.expectations(terms_of(engagement)))
    if version != current:
        raise EngagementError("The agreement changed while you read it; read it again below.")
    confirmation, _ = AgreementConfirmation.objects.get_or_create(
        engagement=engagement, person=person, version=current
    )
    confirmed = set(
        AgreementConfirmation.objects.filter(engagement=engagement, version=current).values_list(
            "person_id", flat=True
        )
    )
    if {engagement.mentee_id, engagement.mentor.user_id} <= confirmed:
        # The work starts once both have confirmed: the baseline ratings are asked for now.
        ask_for_assessment(engagement, assessments.PRE)
    return confirmation


# --- goals -------------------------------------------------------------------------------------


def _log(
    engagement: Engagement,
    instance: models.Model,
    action: str,
    user: User | None,
    data: dict[str, Any],
) -> None:
    EngagementLogEntry.objects.log_action(
        instance, action, user=user, data=data, engagement=engagement
    )


def seed_goals(engagement: Engagement) -> int:
    """One goal per intake learning goal of the mentee, once (rerunning adds nothing).

    The target date is the engagement's planned end; the pair refine the rest together."""
    months = engagement.programme.duration_months if engagement.programme else 6
    target = engagement.started_on + timedelta(days=round(30.44 * months))
    seeded = set(
        Goal.objects.filter(engagement=engagement, learning_goal__isnull=False).values_list(
            "learning_goal_id", flat=True
        )
    )
    new = [
        Goal(
            engagement=engagement,
            learning_goal=goal,
            competency=goal.competency,
            statement=f"Grow in {goal.competency.name.lower()} from "
            f"{ProficiencyLevel(goal.current_level).label} to "
            f"{ProficiencyLevel(goal.target_level).label}",
            measure=f"Both of us rate it at level {goal.target_level} by the target date, "
            "with one example from work.",
            target_date=target,
        )
        for goal in LearningGoal.objects.filter(user=engagement.mentee_id).select_related(
            "competency"
        )
        if goal.pk not in seeded
    ]
    Goal.objects.bulk_create(new)
    return len(new)


def add_goal(engagement: Engagement, person: User, values: dict[str, Any]) -> Goal:
    goal = Goal.objects.create(engagement=engagement, **values)
    _log(engagement, goal, GOAL_ADDED, person, {})
    return goal


def change_goal(goal: Goal, person: User, values: dict[str, Any]) -> list[str]:
    """Save the changed fields; the log keeps which fields changed and the new status and
    progress, never the wording (managers can read the log)."""
    changed = [name for name in GOAL_FIELDS if getattr(goal, name) != values.get(name)]
    if not changed:
        return []
    for name in changed:
        setattr(goal, name, values[name])
    goal.save()
    _log(
        goal.engagement,
        goal,
        GOAL_CHANGED,
        person,
        {"fields": changed, "status": goal.status, "progress": goal.progress},
    )
    return changed


def add_milestone(goal: Goal, title: str, due_on: date) -> Milestone:
    return Milestone.objects.create(goal=goal, title=title, due_on=due_on)


def complete_milestone(milestone: Milestone) -> Milestone:
    if milestone.done_at is None:
        milestone.done_at = timezone.now()
        milestone.save(update_fields=["done_at"])
    return milestone


# --- sessions ----------------------------------------------------------------------------------


def _session_email(session: Session, what: str) -> tuple[str, str]:
    when = session.starts_at.astimezone(UTC)
    subject = f"Mentoring session {what}: {when:%a %d %b %Y, %H:%M} UTC"
    body = (
        f"Your mentoring session has been {what}.\n\n"
        f"When: {when:%A %d %B %Y, %H:%M} UTC ({session.minutes} minutes)\n"
        f"Format: {session.get_format_display()}\n"
        f"Where: {session.place or 'to be agreed'}\n\n"
        "The attached invite updates your calendar; the engagement page shows the time in "
        "your own time zone."
    )
    return subject, body


def _tell_about(session: Session, what: str) -> None:
    subject, body = _session_email(session, what)
    tell(session.engagement, SESSION_CHANGED, subject, body, invite=ics.invite(session))


@transaction.atomic
def schedule_session(engagement: Engagement, person: User, values: dict[str, Any]) -> Session:
    """Schedule a session (the form has checked its time); both are sent the invite."""
    session = Session.objects.create(engagement=engagement, scheduled_by=person, **values)
    _tell_about(session, "scheduled")
    return session


@transaction.atomic
def change_session(session: Session, person: User, values: dict[str, Any]) -> Session:
    """Change a scheduled session: same UID, SEQUENCE raised, both sent the update."""
    if session.status != Session.Status.SCHEDULED:
        raise EngagementError("Only a scheduled session can be changed.")
    for name, value in values.items():
        setattr(session, name, value)
    session.sequence += 1
    session.save()
    _tell_about(session, "changed")
    return session


@transaction.atomic
def cancel_session(session: Session, person: User) -> Session:
    if session.status != Session.Status.SCHEDULED:
        raise EngagementError("Only a scheduled session can be cancelled.")
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    session.save()
    _tell_about(session, "cancelled")
    return session


def log_session(session: Session, outcome: str, actual_minutes: int | None) -> Session:
    """Record what happened: held (with the minutes it took), a no-show, or moved."""
    if session.status not in (Session.Status.SCHEDULED, *Session.LOGGED):
        raise EngagementError("A cancelled session cannot be logged.")
    if session.starts_at > timezone.now():
        raise EngagementError("A session can be logged once it has started.")
    session.status = outcome
    session.actual_minutes = actual_minutes if outcome == Session.Status.HELD else None
    session.save(update_fields=["status", "actual_minutes", "updated_at"])
    return session


# --- notes -------------------------------------------------------------------------------------


def write_note(engagement: Engagement, author: User, tier: str, text: str) -> Note:
    return Note.objects.create(engagement=engagement, author=author, tier=tier, text=text)


def open_note(note: Note, manager: User, reason: str) -> Note:
    """Break-glass: a programme manager reads a shared note's text after giving a reason.

    Writes one log entry (who, when, which note, why) that both pair members see on their
    page. The caller fetched `note` through `queries.breakable_notes(manager)`."""
    reason = (reason or "").strip()
    if not reason:
        raise EngagementError("Give a reason: the pair will read it.")
    _log(note.engagement, note, NOTE_OPENED, manager, {"reason": reason[:300], "tier": note.tier})
    return note


# --- check-ins ---------------------------------------------------------------------------------


def answer_checkin(
    engagement: Engagement, person: User, number: int, is_open: bool, values: dict[str, Any]
) -> CheckInAnswer:
    """Record `person`'s answers to check-in `number` of the engagement, once.

    The caller read the check-in through `queries.checkin_for` (`is_open`: the window is open
    and the engagement active). A second submit — a double click, a second tab — meets the
    unique key and raises AlreadyAnswered; the first answers stand."""
    if not is_open:
        raise EngagementError("This check-in is closed: the next one opens on schedule.")
    try:
        with transaction.atomic():
            return CheckInAnswer.objects.create(
                engagement=engagement, person=person, number=number, **values
            )
    except IntegrityError:
        raise AlreadyAnswered(ALREADY_ANSWERED) from None


# --- ending early ------------------------------------------------------------------------------

BACK_ON_THE_LIST = (
    "Your mentoring engagement ended early, no fault of yours: you are first in line for a "
    "new mentor."
)


@transaction.atomic
def end_early(engagement: Engagement, person: User, reason: str) -> Engagement:
    """No-fault exit: either of the pair ends an active engagement, giving a reason for the
    programme team only.

    The status moves by a conditional UPDATE (only from active), so two people ending it at
    once end it once. The mentor's place frees (capacity counts active engagements) and their
    access to the workspace ends with the status; the mentee goes back on the programme's
    waiting list first in line; both are told, without the reason, which the log keeps for
    the programme's managers (EngagementLogEntry, never shown on the pair's page)."""
    reason = (reason or "").strip()
    if not reason:
        raise EngagementError("Give a reason: only the programme team reads it.")
    today = timezone.localdate()
    ended = Engagement.objects.filter(pk=engagement.pk, status=Engagement.Status.ACTIVE).update(
        status=Engagement.Status.ENDED, ended_on=today
    )
    if not ended:
        raise EngagementError("This engagement has already ended.")
    cache.retire(engagement.pk)  # an UPDATE sends no signal
    engagement.status, engagement.ended_on = Engagement.Status.ENDED, today
    side = "mentee" if person.pk == engagement.mentee_id else "mentor"
    _log(engagement, engagement, ENDED_EARLY, person, {"reason": reason[:1000], "by": side})
    if engagement.programme is not None:
        programme_services.return_to_waiting_list(
            engagement.mentee, engagement.programme, person, BACK_ON_THE_LIST
        )
    tell(
        engagement,
        ENGAGEMENT_ENDED,
        "Your mentoring engagement has ended",
        f"The engagement of {engagement.mentor.user.get_full_name()} and "
        f"{engagement.mentee.get_full_name()} ended early on {today:%d %B %Y}, no fault on "
        "either side. The programme team will be in touch.",
        url=reverse("engagements:mine"),
    )
    return engagement


# --- completion --------------------------------------------------------------------------------


def open_evaluation(engagements: QuerySet[Engagement], manager: User | None) -> int:
    """A manager asks active pairs (one engagement, or a cohort's) for their outcome
    evaluation before the end date. The caller scoped `engagements` through
    `queries.managed_engagements(manager)`; each pair not already asked is told once."""
    today = timezone.localdate()
    asked = list(
        engagements.filter(
            status=Engagement.Status.ACTIVE, evaluation_opened_on__isnull=True
        ).select_related("mentee", "mentor__user")
    )
    Engagement.objects.filter(pk__in=[e.pk for e in asked]).update(evaluation_opened_on=today)
    cache.retire(*(e.pk for e in asked))  # an UPDATE sends no signal
    for engagement in asked:
        _log(engagement, engagement, EVALUATION_OPENED, manager, {})
        tell(
            engagement,
            EVALUATION_OPEN,
            "Your outcome evaluation is open",
            "Your mentoring engagement is reaching its end. Each of you answers a short outcome "
            "evaluation: which goals you achieved, how far you came, and your story.",
            url=reverse("engagements:evaluation", args=[engagement.pk]),
        )
        ask_for_assessment(engagement, assessments.POST)
    return len(asked)


@transaction.atomic
def submit_evaluation(
    engagement: Engagement, person: User, is_open: bool, values: dict[str, Any]
) -> OutcomeEvaluation:
    """Record `person`'s outcome evaluation, once; with both sides in, the engagement is
    complete (a conditional UPDATE from active, so it completes once), which opens the alumni
    network to the mentee (forums.permissions reads completed engagements). A consent to be
    featured tells the communications team where to read the story."""
    if not is_open:
        raise EngagementError("The outcome evaluation is not open for this engagement.")
    try:
        with transaction.atomic():
            evaluation = OutcomeEvaluation.objects.create(
                engagement=engagement, person=person, **values
            )
    except IntegrityError:
        raise AlreadyAnswered(
            "You had already sent your evaluation; your first answers are kept."
        ) from None
    if OutcomeEvaluation.objects.filter(engagement=engagement).count() >= 2:
        today = timezone.localdate()
        if Engagement.objects.filter(pk=engagement.pk, status=Engagement.Status.ACTIVE).update(
            status=Engagement.Status.COMPLETED, ended_on=today
        ):
            engagement.status, engagement.ended_on = Engagement.Status.COMPLETED, today
            cache.retire(engagement.pk)  # an UPDATE sends no signal
            _log(engagement, engagement, COMPLETED, person, {})
            tell(
                engagement,
                ENGAGEMENT_ENDED,
                "Your mentoring engagement is complete",
                "You have both sent your outcome evaluation: the engagement is complete. "
                "The alumni network is open to the mentee.",
                url=reverse("engagements:mine"),
            )
    if evaluation.consent_to_feature:
        notify(
            User.objects.filter(groups__name=Role.COMMUNICATIONS.value, is_active=True),
            STORY_CONSENTED,
            title="A mentoring story may be featured",
            body="Someone who completed a mentoring engagement agreed to have their story "
            "featured. Read it and ask them before anything is published.",
            url=reverse("engagements:stories"),
        )
    return evaluation


# --- pre/post assessment (assessments.py) ------------------------------------------------------

ASSESSMENT_ASKED = "assessment"  # NudgeSent's reason: the pair is asked once per phase
ALREADY_RATED = "You had already sent these ratings; your first ratings are kept."
LINK_GONE = (
    "This link has already been used or has expired. If you still want to give your ratings, "
    "ask the programme team for a new link."
)
PHASE_WORDS = {assessments.PRE: "starting", assessments.POST: "closing"}


def line_manager_of(engagement: Engagement) -> User | None:
    """The mentee's line manager (Profile.reports_to) while active, never her own mentor."""
    manager = (
        User.objects.filter(
            is_active=True,
            pk__in=Profile.objects.filter(user=engagement.mentee_id).values("reports_to"),
        )
        .exclude(pk=engagement.mentor.user_id)
        .first()
    )
    return manager


@transaction.atomic
def ask_for_assessment(engagement: Engagement, phase: str) -> bool:
    """Ask the pair for their `phase` ratings, and the mentee's line manager through a
    one-time link by email: once per engagement and phase (claimed on NudgeSent's key, so a
    second call, or two at once, asks nobody twice). Returns whether anyone was asked."""
    _, created = NudgeSent.objects.get_or_create(
        engagement=engagement, reason=ASSESSMENT_ASKED, window=phase
    )
    if not created:
        return False
    words = PHASE_WORDS[phase]
    tell(
        engagement,
        ASSESSMENT_OPEN,
        f"Your {words} skills ratings are open",
        "The mentee rates herself and the mentor rates the mentee on each goal's competency, "
        "1 to 5: a minute or two. The figures show the programme how far people grow.",
        url=reverse("engagements:assessment", args=[engagement.pk, phase]),
    )
    manager = line_manager_of(engagement)
    if manager is not None:
        link = ManagerLink.objects.create(
            engagement=engagement,
            phase=phase,
            manager=manager,
            # The token sent is made when the email is written (engagements.tasks).
            token_hash=hash_token(secrets.token_urlsafe(32)),
            expires_at=timezone.now() + timedelta(days=assessments.LINK_DAYS),
        )
        notify(
            [manager],
            ASSESSMENT_FOR_MANAGER,
            title=f"Rate the development of {engagement.mentee.get_full_name()}",
            body="Someone who reports to you is in a mentoring programme. The email we sent "
            "you has a one-time link; signed in, you can also rate from your ratings page.",
            url=reverse("engagements:manager_ratings"),
        )
        from portal.engagements.tasks import send_manager_link

        if not emails_are_held():
            enqueue_after_commit(send_manager_link, link.pk)
    return True


def new_link_token() -> tuple[str, str]:
    """A fresh one-time token and the hash the database keeps of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def _create_assessment(engagement: Engagement, **values: Any) -> Assessment:
    ratings = values.get("ratings") or {}
    if not ratings:
        raise EngagementError("The engagement has no goal competencies to rate yet: add a goal.")
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                engagement=engagement, mean_level=assessments.mean_level(ratings), **values
            )
    except IntegrityError:
        raise AlreadyAnswered(ALREADY_RATED) from None


def submit_assessment(
    engagement: Engagement, person: User, phase: str, is_open: bool, values: dict[str, Any]
) -> Assessment:
    """Record the mentee's self-rating or her mentor's rating for `phase`, once."""
    if not is_open:
        raise EngagementError("These ratings are not open for this engagement now.")
    role = Assessment.Rater.SELF if person.pk == engagement.mentee_id else Assessment.Rater.MENTOR
    return _create_assessment(
        engagement, phase=phase, rater_role=role, rater=person, ratings=values["ratings"]
    )


@transaction.atomic
def submit_manager_assessment(link: ManagerLink, values: dict[str, Any]) -> Assessment:
    """Record the line manager's ratings through their link, which is used up: claimed by a
    conditional UPDATE, so a double submit or a second tab records one rating."""
    now = timezone.now()
    claimed = ManagerLink.objects.filter(
        pk=link.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not claimed:
        raise EngagementError(LINK_GONE)
    cache.retire(link.engagement_id)  # an UPDATE sends no signal
    return _create_assessment(
        link.engagement,
        phase=link.phase,
        rater_role=Assessment.Rater.MANAGER,
        rater=link.manager,
        **values,
    )


def ask_for_due_assessments(today: date | None = None) -> int:
    """Ask for the closing ratings of every active pair whose outcome evaluation opened by its
    date (run daily with the nudges: `manage.py send_nudges`); a manager's early opening asks
    at once (`open_evaluation`). Returns how many pairs were asked."""
    from portal.engagements import queries

    today = today or timezone.localdate()
    asked = 0
    due = (
        Engagement.objects.filter(status=Engagement.Status.ACTIVE)
        .exclude(nudges__reason=ASSESSMENT_ASKED, nudges__window=assessments.POST)
        .select_related("programme", "mentee", "mentor__user")
    )
    for engagement in due:
        if engagement.evaluation_opened_on or today >= queries.planned_end(engagement):
            asked += ask_for_assessment(engagement, assessments.POST)
    return asked


# --- nudges ------------------------------------------------------------------------------------

NUDGE_BODIES = {
    "no_session": "You have not held a mentoring session for three weeks. Pick a time that suits "
    "you both: the engagement page has a button to schedule one.",
    "checkin_overdue": "Your check-in is overdue: a few minutes on your goals and how the "
    "mentoring is going. It closes soon.",
}


def send_nudges(today: date | None = None) -> int:
    """Tell every stalled pair about each stall, once per window (run daily: `send_nudges`).

    Each stall's NudgeSent row is claimed on its unique key before the pair is told, so a
    second run the same day, or two runs at once, tell nobody twice."""
    from portal.engagements import queries  # queries reads this module's constants

    sent = 0
    for pair in queries.stalled(Engagement.objects.all(), today):
        for stall in pair.stalls:
            with transaction.atomic():
                _, created = NudgeSent.objects.get_or_create(
                    engagement=pair.engagement, reason=stall.reason, window=stall.key
                )
                if created:
                    tell(pair.engagement, NUDGE, stall.label, NUDGE_BODIES[stall.reason])
                    sent += 1
    return sent


# --- calendar feed -----------------------------------------------------------------------------


def calendar_feed(person: User) -> CalendarFeed:
    """The person's feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(
        person=person, defaults={"token": CalendarFeed.new_token()}
    )
    return feed


def reset_calendar_feed(person: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed(person)
    feed.token = CalendarFeed.new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
