"""Reads for the pair's workspace: who may open which engagement, and everything its page shows
in a constant number of queries.

Two scopes, decided here and nowhere else: `pair_engagements(user)` (the mentee always, the
mentor while it is active) and `managed_engagements(user)` (engagements of the programmes the
person manages: metadata only). Note text is decided by `Note.objects.visible_to(user)`.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from portal import generations
from portal.engagements import agreement, assessments, checkins, schedule, services, stalls
from portal.engagements import cache as engagement_cache
from portal.engagements.models import (
    AgreementConfirmation,
    Assessment,
    CheckInAnswer,
    EngagementLogEntry,
    Goal,
    ManagerLink,
    Milestone,
    Note,
    OutcomeEvaluation,
    Session,
    member_of,
)
from portal.people.catalog import cache as catalog_cache
from portal.people.models import Profile, User
from portal.people.roles import Role, manages_every_programme, may_manage_programmes
from portal.programmes.models import Cohort, Engagement
from portal.programmes.queries import managed, managed_programmes

RECENT_NOTES = 20
# The tiers as a programme manager reads them (the choices speak for the note's author).
MANAGER_TIER_LABELS = {
    Note.Tier.PRIVATE: "Private (the author's own)",
    Note.Tier.PAIR: "Shared between the pair",
    Note.Tier.SUMMARY: "Programme summary",
}


def pair_engagements(user) -> QuerySet[Engagement]:
    """Engagements `user` is in (a mentor's only while active)."""
    if not (user.is_authenticated and user.is_active):
        return Engagement.objects.none()
    return Engagement.objects.filter(member_of(user))


def managed_engagements(user) -> QuerySet[Engagement]:
    """Engagements of the programmes `user` manages (`programmes.queries.managed`)."""
    if not (user.is_authenticated and user.is_active):
        return Engagement.objects.none()
    return managed(Engagement.objects.all(), user, "programme")


def cohorts_to_evaluate(user) -> QuerySet[Cohort]:
    """The cohorts of `user`'s programmes with active pairs not yet asked for their outcome
    evaluation, each with `waiting_pairs` (one query): a manager completes a cohort from here."""
    if not (user.is_authenticated and user.is_active):
        return Cohort.objects.none()
    waiting = Q(
        engagements__status=Engagement.Status.ACTIVE,
        engagements__evaluation_opened_on__isnull=True,
    )
    return (
        managed(Cohort.objects.all(), user, "cycle__programme")
        .annotate(waiting_pairs=Count("engagements", filter=waiting))
        .filter(waiting_pairs__gt=0)
        .select_related("cycle__programme")
        .order_by("cycle__programme__name", "cycle__starts_on", "name")
    )


def breakable_notes(user) -> QuerySet[Note]:
    """Notes a manager may open by giving a reason: those shared with the pair, in the
    engagements of their programmes (private notes stay their author's alone)."""
    return Note.objects.filter(
        tier=Note.Tier.PAIR, engagement__in=managed_engagements(user).values("pk")
    )


def zone_named(name: str | None) -> ZoneInfo:
    """The zone of a profile's `time_zone` (validated on save), the site's for none."""
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(settings.TIME_ZONE)


def zone_of(user) -> ZoneInfo:
    """The person's own time zone: every time they type or read is in it."""
    return zone_named(Profile.objects.filter(user=user).values_list("time_zone", flat=True).first())


def partner_of(engagement: Engagement, user: User) -> User:
    """The other member of the pair, for `user` who is one of them."""
    return engagement.mentor.user if engagement.mentee_id == user.pk else engagement.mentee


def with_people(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    return engagements.select_related("mentee__profile", "mentor__user__profile", "programme")


def _held_minutes() -> Sum:
    return Sum(
        "sessions__actual_minutes", filter=Q(sessions__status=Session.Status.HELD), default=0
    )


# --- the list ----------------------------------------------------------------------------------


@dataclass
class EngagementRow:
    engagement: Engagement
    other: User
    role: str  # "mentee" or "mentor": the viewer's side
    next_session: Session | None
    commitment: schedule.Commitment


def _commitment(engagement: Engagement, logged: int) -> schedule.Commitment:
    programme = engagement.programme
    started = datetime.combine(engagement.started_on, datetime.min.time())
    return schedule.Commitment(
        logged_minutes=logged or 0,
        hours_per_month=programme.hours_per_month if programme else 0,
        duration_months=programme.duration_months if programme else 0,
        months_elapsed=schedule.months_between(started, datetime.now()),
    )


def _upcoming_sessions(engagement_ids) -> list[Session]:
    return list(
        Session.objects.filter(
            engagement__in=engagement_ids,
            status=Session.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
        ).order_by("starts_at", "pk")
    )


def my_engagements(user) -> list[EngagementRow]:
    """The viewer's engagements with the other person, the next session and time logged: read
    once (three queries however many) and kept until one of them changes; which session is
    next is picked at each request."""
    engagement_ids = list(
        pair_engagements(user)
        .order_by("-status", "-started_on", "-pk")
        .values_list("pk", flat=True)
    )
    if not engagement_ids:
        return []

    def read() -> tuple[list[Engagement], list[Session]]:
        engagements = list(
            with_people(pair_engagements(user))
            .annotate(held_minutes=_held_minutes())
            .order_by("-status", "-started_on", "-pk")
        )
        return engagements, _upcoming_sessions([e.pk for e in engagements])

    engagements, sessions = generations.cached(
        ("my-engagements", user.pk),
        [engagement_cache.engagement(pk) for pk in engagement_ids],
        read,
    )
    now = timezone.now()
    upcoming: dict[int, Session] = {}
    for session in sessions:
        if session.starts_at >= now:
            upcoming.setdefault(session.engagement_id, session)
    return [
        EngagementRow(
            engagement=engagement,
            other=partner_of(engagement, user),
            role="mentee" if engagement.mentee_id == user.pk else "mentor",
            next_session=upcoming.get(engagement.pk),
            commitment=_commitment(engagement, engagement.held_minutes),
        )
        for engagement in engagements
    ]


def managed_list(user, limit: int = 50) -> tuple[list[Engagement], int]:
    """The engagements of the viewer's programmes, newest first, with metadata counts only."""
    engagements = managed_engagements(user)
    total = engagements.count()
    rows = list(
        with_people(engagements)
        .annotate(
            sessions_held=Count(
                "sessions", filter=Q(sessions__status=Session.Status.HELD), distinct=True
            ),
            notes_count=Count("notes", distinct=True),
        )
        .order_by("-started_on", "-pk")[:limit]
    )
    return rows, total


# --- the page ----------------------------------------------------------------------------------


@dataclass
class Agreement:
    items: list[agreement.Expectation]
    version: str
    confirmed_by: set[int]
    pending: list[User]

    @property
    def complete(self) -> bool:
        return not self.pending


@dataclass
class WorkspaceData:
    """What the pair's page reads from the database for one viewer: kept in the cache per
    viewer and day until anything in the engagement changes (cache.py)."""

    agreement: Agreement
    goals: list[Goal]
    sessions: list[Session]  # oldest first
    notes: list[Note]
    openings: list[EngagementLogEntry]
    checkin: "CheckIn | None"
    evaluation: "Evaluation"
    assessments: "list[AssessmentPhase]"


class Workspace:
    """Everything the pair's page shows, for one viewer. The engagement and the two people come
    from the fetch that decides access (every request); the rest is read from the cache when
    the page first needs it, and what depends on the hour (which sessions are past) is worked
    out from it on every request."""

    def __init__(self, engagement: Engagement, viewer: User) -> None:
        self.engagement = engagement
        self.viewer = viewer
        self.other = partner_of(engagement, viewer)
        self.zone = zone_named(getattr(_profile(viewer), "time_zone", None))
        self.other_zone = zone_named(getattr(_profile(self.other), "time_zone", None))
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)

    @cached_property
    def scopes(self) -> tuple[str, ...]:
        return (engagement_cache.engagement(self.engagement.pk), catalog_cache.REFERENCE)

    @cached_property
    def data(self) -> WorkspaceData:
        return generations.cached(
            ("engagement-workspace", self.engagement.pk, self.viewer.pk, self.today.isoformat()),
            self.scopes,
            self._read,
        )

    def _read(self) -> WorkspaceData:
        engagement, viewer = self.engagement, self.viewer
        return WorkspaceData(
            agreement=agreement_for(engagement),
            goals=list(
                engagement.goals.select_related("competency").prefetch_related(
                    Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk"))
                )
            ),
            sessions=list(engagement.sessions.all()),
            notes=list(
                Note.objects.visible_to(viewer)
                .filter(engagement=engagement)
                .select_related("author")[:RECENT_NOTES]
            ),
            openings=list(
                EngagementLogEntry.objects.filter(
                    engagement=engagement, action=services.NOTE_OPENED
                ).select_related("user")[:200]
            ),
            checkin=checkin_for(engagement, viewer, self.today),
            evaluation=(evaluation := evaluation_for(engagement, viewer)),
            assessments=assessments_for(engagement, viewer, evaluation.is_open, self.today),
        )

    @property
    def agreement(self) -> Agreement:
        return self.data.agreement

    @property
    def goals(self) -> list[Goal]:
        return self.data.goals

    @property
    def notes(self) -> list[Note]:
        return self.data.notes

    @property
    def openings(self) -> list[EngagementLogEntry]:
        return self.data.openings

    @property
    def checkin(self) -> "CheckIn | None":
        return self.data.checkin

    @property
    def evaluation(self) -> "Evaluation":
        return self.data.evaluation

    @cached_property
    def upcoming(self) -> list[Session]:
        return [
            s
            for s in self.data.sessions
            if s.status == Session.Status.SCHEDULED and s.ends_at >= self.now
        ]

    @cached_property
    def past(self) -> list[Session]:
        upcoming = {s.pk for s in self.upcoming}
        return [s for s in self.data.sessions if s.pk not in upcoming][::-1]

    @property
    def next_session(self) -> Session | None:
        return self.upcoming[0] if self.upcoming else None

    @cached_property
    def clock(self) -> tuple[int, int]:
        """Which sessions have started and which have ended: the markup of the sessions (a
        "Log this session" link, "Coming up" or "Earlier") changes with it, not with the data."""
        scheduled = [s for s in self.data.sessions if s.status == Session.Status.SCHEDULED]
        return (
            sum(s.starts_at <= self.now for s in scheduled),
            sum(s.ends_at < self.now for s in scheduled),
        )

    @property
    def commitment(self) -> schedule.Commitment:
        return _commitment(self.engagement, self.engagement.held_minutes)

    @cached_property
    def due_milestones(self) -> list[Milestone]:
        return sorted(
            (
                m
                for goal in self.goals
                for m in goal.milestones.all()
                if m.done_at is None and (m.due_on - self.today).days <= 14
            ),
            key=lambda m: m.due_on,
        )


def _profile(user) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def agreement_for(engagement: Engagement) -> Agreement:
    items = agreement.expectations(services.terms_of(engagement))
    version = agreement.version_of(items)
    confirmed = set(
        AgreementConfirmation.objects.filter(engagement=engagement, version=version).values_list(
            "person_id", flat=True
        )
    )
    pair = [engagement.mentor.user, engagement.mentee]
    return Agreement(items, version, confirmed, [p for p in pair if p.pk not in confirmed])


def workspace(user, pk: int) -> Workspace | None:
    """The pair's page for `user`, or None when they are not in the engagement (a 404)."""
    engagement = (
        with_people(pair_engagements(user))
        .annotate(held_minutes=_held_minutes())
        .filter(pk=pk)
        .first()
    )
    if engagement is None:
        return None
    viewer = engagement.mentee if engagement.mentee_id == user.pk else engagement.mentor.user
    return Workspace(engagement, viewer)


@dataclass
class ManagerView:
    """What a programme manager sees of an engagement: who, since when, counts; no text."""

    engagement: Engagement
    sessions_held: int
    notes_by_tier: list[tuple[str, int, datetime | None]]
    shared_notes: list[Note]
    openings: list[EngagementLogEntry]
    commitment: schedule.Commitment
    summaries: list[Note]
    exit: EngagementLogEntry | None = None  # who ended it early and why: managers only


def manager_view(user, pk: int) -> ManagerView | None:
    engagement = (
        with_people(managed_engagements(user))
        .annotate(
            held_minutes=_held_minutes(),
            sessions_held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD)),
        )
        .filter(pk=pk)
        .first()
    )
    if engagement is None:
        return None
    counts = {
        row["tier"]: (row["n"], row["latest"])
        for row in Note.objects.filter(engagement=engagement)
        .values("tier")
        .annotate(n=Count("pk"), latest=Max("created_at"))
        .order_by()
    }
    tiers = [(label, *counts.get(value, (0, None))) for value, label in Note.Tier.choices]
    entries = list(
        EngagementLogEntry.objects.filter(
            engagement=engagement, action__in=[services.NOTE_OPENED, services.ENDED_EARLY]
        ).select_related("user")[:50]
    )
    return ManagerView(
        engagement=engagement,
        sessions_held=engagement.sessions_held,
        notes_by_tier=tiers,
        shared_notes=list(
            breakable_notes(user)
            .filter(engagement=engagement)
            .only("pk", "created_at", "tier", "engagement_id")[:RECENT_NOTES]
        ),
        openings=[e for e in entries if e.action == services.NOTE_OPENED],
        exit=next((e for e in entries if e.action == services.ENDED_EARLY), None),
        commitment=_commitment(engagement, engagement.held_minutes),
        summaries=list(
            Note.objects.visible_to(user)
            .filter(engagement=engagement, tier=Note.Tier.SUMMARY)
            .select_related("author")[:RECENT_NOTES]
        ),
    )


# --- home and the feed -------------------------------------------------------------------------


def upcoming_for(user, limit: int = 1) -> list[Session]:
    """The viewer's next scheduled sessions across their engagements."""
    return list(
        Session.objects.filter(
            engagement__in=pair_engagements(user).values("pk"),
            status=Session.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .select_related("engagement__mentee", "engagement__mentor__user")
        .order_by("starts_at")[:limit]
    )


def agreements_pending_for(user) -> list[Engagement]:
    """Active engagements whose current agreement the viewer has not confirmed."""
    pending = []
    engagements = with_people(pair_engagements(user).filter(status=Engagement.Status.ACTIVE))
    engagements = engagements.prefetch_related(
        Prefetch(
            "agreement_confirmations",
            queryset=AgreementConfirmation.objects.filter(person=user),
            to_attr="mine",
        )
    )
    for engagement in engagements:
        version = agreement.version_of(agreement.expectations(services.terms_of(engagement)))
        if not any(c.version == version for c in engagement.mine):
            pending.append(engagement)
    return pending


def feed_sessions(user) -> QuerySet[Session]:
    """Sessions in a person's calendar feed: scheduled or cancelled (so apps remove them),
    in engagements they are in now."""
    return (
        Session.objects.filter(
            engagement__in=pair_engagements(user).values("pk"),
            status__in=[Session.Status.SCHEDULED, Session.Status.CANCELLED],
        )
        .select_related("engagement__mentee", "engagement__mentor__user", "scheduled_by")
        .order_by("starts_at")
    )


# --- check-ins ---------------------------------------------------------------------------------


def checkin_window(engagement: Engagement, today=None) -> checkins.Window | None:
    """The latest check-in of an engagement that has opened (None for one without a programme
    or before its first check-in)."""
    if engagement.programme is None:
        return None
    return checkins.latest_window(
        engagement.started_on,
        engagement.programme.checkin_every_months,
        today or timezone.localdate(),
    )


@dataclass
class CheckIn:
    """One check-in as a member of the pair sees it: their answer, and the other's only once
    the blind rule allows (`checkins.others_visible`)."""

    window: checkins.Window
    mine: CheckInAnswer | None
    theirs: CheckInAnswer | None  # None while hidden, or when they have not answered
    other_answered: bool
    is_open: bool

    @property
    def due(self) -> bool:
        return self.is_open and self.mine is None


def checkin_for(engagement: Engagement, viewer: User, today=None) -> CheckIn | None:
    """The latest check-in of `engagement` for a member of the pair (one query)."""
    today = today or timezone.localdate()
    window = checkin_window(engagement, today)
    if window is None:
        return None
    answers = {
        a.person_id: a
        for a in CheckInAnswer.objects.filter(engagement=engagement, number=window.number)
    }
    mine = answers.get(viewer.pk)
    other = next((a for person, a in answers.items() if person != viewer.pk), None)
    visible = checkins.others_visible(window, today, both_answered=len(answers) >= 2)
    return CheckIn(
        window=window,
        mine=mine,
        theirs=other if visible else None,
        other_answered=other is not None,
        is_open=engagement.status == Engagement.Status.ACTIVE and window.is_open(today),
    )


def checkins_due_for(user) -> list[tuple[Engagement, checkins.Window]]:
    """Active engagements whose open check-in the viewer has not answered (two queries)."""
    today = timezone.localdate()
    engagements = with_people(pair_engagements(user).filter(status=Engagement.Status.ACTIVE))
    engagements = engagements.prefetch_related(
        Prefetch(
            "checkin_answers",
            queryset=CheckInAnswer.objects.filter(person=user).only("engagement_id", "number"),
            to_attr="my_answers",
        )
    )
    due = []
    for engagement in engagements:
        window = checkin_window(engagement, today)
        if window is None or not window.is_open(today):
            continue
        if not any(a.number == window.number for a in engagement.my_answers):
            due.append((engagement, window))
    return due


# --- completion --------------------------------------------------------------------------------


def planned_end(engagement: Engagement):
    months = engagement.programme.duration_months if engagement.programme else 6
    return checkins.add_months(engagement.started_on, months)


@dataclass
class Evaluation:
    is_open: bool
    mine: OutcomeEvaluation | None
    other_sent: bool
    planned_end: object

    @property
    def due(self) -> bool:
        return self.is_open and self.mine is None


def evaluation_for(engagement: Engagement, viewer: User) -> Evaluation:
    """The outcome evaluation as a member of the pair sees it: open once a manager asked or
    the planned end date came, while the engagement is active (one query)."""
    end = planned_end(engagement)
    sent = {e.person_id: e for e in OutcomeEvaluation.objects.filter(engagement=engagement)}
    is_open = engagement.status == Engagement.Status.ACTIVE and (
        engagement.evaluation_opened_on is not None or timezone.localdate() >= end
    )
    return Evaluation(
        is_open=is_open,
        mine=sent.get(viewer.pk),
        other_sent=any(person != viewer.pk for person in sent),
        planned_end=end,
    )


def evaluations_due_for(user) -> list[Engagement]:
    """Active engagements whose outcome evaluation is open and the viewer has not sent theirs
    (two queries), for home's "what needs you"."""
    today = timezone.localdate()
    engagements = with_people(
        pair_engagements(user).filter(status=Engagement.Status.ACTIVE)
    ).prefetch_related(
        Prefetch(
            "evaluations",
            queryset=OutcomeEvaluation.objects.filter(person=user).only("engagement_id"),
            to_attr="my_evaluations",
        )
    )
    return [
        engagement
        for engagement in engagements
        if (engagement.evaluation_opened_on is not None or today >= planned_end(engagement))
        and not engagement.my_evaluations
    ]


def stories_for(user, limit: int = 50) -> list[OutcomeEvaluation]:
    """Consented outcome stories, newest first, for the communications team (two queries)."""
    if not (user.is_authenticated and user.is_active and user.has_role(Role.COMMUNICATIONS)):
        return []
    return list(
        OutcomeEvaluation.objects.filter(
            consent_to_feature=True, engagement__status=Engagement.Status.COMPLETED
        )
        .select_related("person", "engagement__programme")
        .order_by("-submitted_at")[:limit]
    )


# --- stalled pairs -----------------------------------------------------------------------------


@dataclass
class StalledPair:
    engagement: Engagement
    stalls: list[stalls.Stall]
    last_held: datetime | None


def stalled(engagements: QuerySet[Engagement], today=None) -> list[StalledPair]:
    """The active engagements among `engagements` that have stalled today (two queries)."""
    today = today or timezone.localdate()
    rows = (
        with_people(engagements.filter(status=Engagement.Status.ACTIVE))
        .annotate(
            last_held=Max("sessions__starts_at", filter=Q(sessions__status=Session.Status.HELD))
        )
        .prefetch_related(
            Prefetch(
                "checkin_answers",
                queryset=CheckInAnswer.objects.only("engagement_id", "number"),
                to_attr="all_answers",
            )
        )
        .order_by("started_on", "pk")
    )
    found = []
    for engagement in rows:
        window = checkin_window(engagement, today)
        answers = (
            sum(1 for a in engagement.all_answers if a.number == window.number) if window else 0
        )
        last = timezone.localdate(engagement.last_held) if engagement.last_held else None
        pair_stalls = stalls.stalls(engagement.started_on, last, window, answers, today)
        if pair_stalls:
            found.append(StalledPair(engagement, pair_stalls, engagement.last_held))
    return found


def stalled_pairs(user) -> list[StalledPair]:
    """The stalled pairs of the programmes `user` manages (empty for everyone else)."""
    return stalled(managed_engagements(user))


# --- a manager's overview ------------------------------------------------------------------------


@dataclass
class ManagedOverview:
    """What My engagements shows a programme manager of their programmes' pairs."""

    rows: list[Engagement]
    total: int
    stalled: list[StalledPair]
    to_evaluate: list[Cohort]


def managed_overview(user) -> ManagedOverview | None:
    """The engagements of the programmes `user` manages, their stalled pairs and the cohorts to
    complete (None for someone who manages none): read once a day and kept until an engagement
    of one of those programmes changes (cache.programme)."""
    if not (user.is_authenticated and user.is_active and may_manage_programmes(user)):
        return None
    programme_ids = list(managed_programmes(user).values_list("pk", flat=True))
    every = manages_every_programme(user)
    if not programme_ids and not every:
        return None
    scopes = [engagement_cache.programme(pk) for pk in programme_ids]
    if every:
        scopes.append(engagement_cache.programme(None))  # engagements outside any programme

    def read() -> ManagedOverview | None:
        rows, total = managed_list(user)
        if not total:
            return None
        return ManagedOverview(rows, total, stalled_pairs(user), list(cohorts_to_evaluate(user)))

    return generations.cached(
        ("engagements-managed", user.pk, every, timezone.localdate().isoformat()), scopes, read
    )


# --- pre/post assessment (assessments.py) ------------------------------------------------------


@dataclass
class AssessmentPhase:
    """One phase of the assessment as a member of the pair sees it: who has rated (never the
    line manager's ratings), the viewer's own ratings, and the mentor's to the mentee once both
    have rated (blind, like check-ins)."""

    phase: str
    label: str
    is_open: bool
    given: dict[str, Assessment]
    has_manager: bool
    viewer_role: str

    @property
    def mine(self) -> Assessment | None:
        return self.given.get(self.viewer_role)

    @property
    def due(self) -> bool:
        return self.is_open and self.mine is None

    @property
    def mentor_shown(self) -> Assessment | None:
        """The mentor's ratings, for the mentee, once she has rated herself too."""
        if self.viewer_role == Assessment.Rater.SELF and self.mine is not None:
            return self.given.get(Assessment.Rater.MENTOR)
        return None

    @property
    def raters(self) -> list[tuple[str, bool | None]]:
        """Each rater and whether their ratings are in (None: no line manager on record)."""
        rows: list[tuple[str, bool | None]] = [
            ("The mentee", Assessment.Rater.SELF in self.given),
            ("The mentor", Assessment.Rater.MENTOR in self.given),
        ]
        rows.append(
            ("The line manager", Assessment.Rater.MANAGER in self.given)
            if self.has_manager or Assessment.Rater.MANAGER in self.given
            else ("The line manager", None)
        )
        return rows


def assessments_for(
    engagement: Engagement, viewer: User, evaluation_open: bool, today=None
) -> list[AssessmentPhase]:
    """The two phases of the assessment for a member of the pair (two queries)."""
    today = today or timezone.localdate()
    given: dict[str, dict[str, Assessment]] = {assessments.PRE: {}, assessments.POST: {}}
    for row in Assessment.objects.filter(engagement=engagement):
        given[row.phase][row.rater_role] = row
    has_manager = Profile.objects.filter(
        user=engagement.mentee_id, reports_to__isnull=False, reports_to__is_active=True
    ).exists()
    role = Assessment.Rater.SELF if viewer.pk == engagement.mentee_id else Assessment.Rater.MENTOR
    completed = engagement.status == Engagement.Status.COMPLETED
    return [
        AssessmentPhase(
            phase=phase,
            label=label,
            is_open=assessments.is_open(
                phase,
                started_on=engagement.started_on,
                today=today,
                active=engagement.status == Engagement.Status.ACTIVE,
                evaluation_open=evaluation_open,
                ended_on=engagement.ended_on if completed else None,
            ),
            given=given[phase],
            has_manager=has_manager,
            viewer_role=role,
        )
        for phase, label in Assessment.Phase.choices
    ]


def goal_competencies(engagement: Engagement) -> list:
    """The competencies of the engagement's goals (not dropped), once each, by name."""
    from portal.people.models import Competency

    return list(
        Competency.objects.filter(
            pk__in=engagement.goals.exclude(status=Goal.Status.DROPPED).values("competency")
        ).order_by("name")
    )


def open_manager_links() -> QuerySet[ManagerLink]:
    """The links still unused and unexpired."""
    return ManagerLink.objects.filter(
        used_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("engagement__mentee", "engagement__programme", "manager")


def open_manager_link(token: str) -> ManagerLink | None:
    """The unused, unexpired link this token opens, or None for any other token."""
    if not token or len(token) > 200:
        return None
    from portal.people.queries import hash_token

    return open_manager_links().filter(token_hash=hash_token(token)).first()


def manager_links_of(user) -> QuerySet[ManagerLink]:
    """The open rating requests of a signed-in line manager (their ratings page)."""
    if not (user.is_authenticated and user.is_active):
        return ManagerLink.objects.none()
    return ManagerLink.objects.filter(
        manager=user, used_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("engagement__mentee", "engagement__programme")
