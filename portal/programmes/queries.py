"""Reads for programmes and applications: what a person may see, and the waiting list's order.

Every member-facing read starts from the person (`request.user`): nobody's queryset ever holds
another person's application. Every staff read starts from `managed_programmes(request.user)`
(through `managed`): a programme manager's screens hold only the programmes they manage. Pages
call the functions here and stay at a constant number of queries however many programmes,
cycles and applications there are.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.db.models import (
    Count,
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from portal.people.models import (
    Intake,
    LearningGoal,
    MentorProfile,
    MentorProfileQuerySet,
    MentorStrength,
    Profile,
    User,
)
from portal.people.roles import Role, manages_every_programme
from portal.programmes import eligibility, waiting_list
from portal.programmes.models import (
    Application,
    ApplicationEvent,
    Cycle,
    Engagement,
    Nomination,
    Programme,
)

# --- what a programme manager may see -------------------------------------------------------

M = TypeVar("M", bound=Model)


def managed_programmes(user) -> QuerySet[Programme]:
    """The programmes `user` manages (Programme.objects.managed_by): the one staff scope."""
    return Programme.objects.managed_by(user)


def nominatable_programmes(user) -> QuerySet[Programme]:
    """The nomination-only programmes `user` may nominate people into: every one for a sponsor
    or a superuser, the ones they manage for a programme manager, none for anyone else."""
    programmes = Programme.objects.filter(nomination_required=True)
    if manages_every_programme(user) or (
        user.is_authenticated and user.is_active and user.has_role(Role.SPONSOR)
    ):
        return programmes
    return programmes.filter(pk__in=managed_programmes(user).values("pk"))


def nomination_of(user: User, programme: Programme) -> Nomination | None:
    """The nomination of `user` into `programme` (the nominee's own), with who made it."""
    return (
        Nomination.objects.filter(nominee=user, programme=programme)
        .select_related("nominated_by")
        .first()
    )


def nominations_by(user: User) -> QuerySet[Nomination]:
    """The nominations `user` made, newest first, with whether each nominee has applied."""
    return (
        Nomination.objects.filter(nominated_by=user)
        .select_related("nominee", "programme")
        .annotate(
            applied=Exists(
                Application.objects.filter(
                    applicant=OuterRef("nominee"), programme=OuterRef("programme")
                )
            )
        )
        .order_by("-created_at", "-pk")
    )


def managed(queryset: QuerySet[M], user, via: str) -> QuerySet[M]:
    """`queryset` narrowed to rows of programmes `user` manages; `via` is the path from its
    model to the programme ("programme", "cycle__programme", ...; "pk" for programmes).

    Superusers get the queryset unfiltered (rows without a programme included); everyone else
    gets `via__in=managed_programmes(user)`, so an object of another programme is simply not
    there: a fetch by id through it answers 404."""
    if manages_every_programme(user):
        return queryset.all()
    return queryset.filter(**{f"{via}__in": managed_programmes(user).values("pk")})


def priority_order() -> list:
    """waiting_list.PRIORITY_FIELDS as ORDER BY expressions."""
    return [
        F(name[1:]).desc() if name.startswith("-") else F(name).asc()
        for name in waiting_list.PRIORITY_FIELDS
    ]


def ranked_waiting(cycle_ids) -> QuerySet[Application]:
    """The waiting applications of the cycles, each with `position` (1 = next in line).

    Numbered by the database with ROW_NUMBER() per cycle, so the order shown to a programme
    manager and the position shown to the applicant are the same number from the same rule.
    """
    return (
        Application.objects.filter(cycle_id__in=cycle_ids, status=Application.Status.WAITING)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("cycle_id")], order_by=priority_order())
        )
        .order_by("cycle_id", "position")
    )


def cycles_with_seats() -> QuerySet[Cycle]:
    """Cycles annotated with `admitted_count`, the seats already taken."""
    return Cycle.objects.annotate(
        admitted_count=Count(
            "applications", filter=Q(applications__status=Application.Status.ADMITTED)
        )
    ).order_by("starts_on", "pk")


def waiting_lists_of(user, today: date | None = None) -> QuerySet[Cycle]:
    """The cycles not yet ended of the programmes `user` manages where people wait, each with
    `admitted_count`, `waiting_count` and `free_seats`; running cycles first (the home page's
    tasks and the admin dashboard read the same rows)."""
    today = today or timezone.localdate()
    return (
        managed(cycles_with_seats(), user, "programme")
        .filter(ends_on__gt=today)
        .annotate(
            waiting_count=Count(
                "applications", filter=Q(applications__status=Application.Status.WAITING)
            ),
        )
        .annotate(free_seats=F("seats") - F("admitted_count"))
        .filter(waiting_count__gt=0)
        .select_related("programme")
    )


def intake_cycle(cycles, today: date) -> Cycle | None:
    """The cycle applications go to: the latest one under way, else the next one scheduled."""
    running = [c for c in cycles if c.starts_on <= today < c.ends_on]
    if running:
        return max(running, key=lambda c: c.starts_on)
    upcoming = [c for c in cycles if c.starts_on > today]
    return min(upcoming, key=lambda c: c.starts_on) if upcoming else None


def upcoming_cycles(cycles, today: date) -> list[waiting_list.UpcomingCycle]:
    """Cycles not started yet, with their free seats (cycles annotated by cycles_with_seats)."""
    return [
        waiting_list.UpcomingCycle(c.name, c.starts_on, c.seats - c.admitted_count)
        for c in cycles
        if c.starts_on > today
    ]


def estimate_for(application: Application, position: int | None, today: date):
    """The estimated start of a waiting or deferred application (programme cycles prefetched)."""
    cycles = application.programme.cycles.all()
    if application.status == Application.Status.DEFERRED:
        applied_to = application.cycle.starts_on
        later = [c for c in upcoming_cycles(cycles, today) if c.starts_on > applied_to]
        if not later:
            return waiting_list.Estimate(None)
        first = later[0]
        return waiting_list.Estimate(first.starts_on, first.name)
    if position is None:
        return None
    return waiting_list.estimate_start(position, upcoming_cycles(cycles, today))


def programmes_with_cycles() -> QuerySet[Programme]:
    return Programme.objects.prefetch_related(
        "formats", "eligible_units", Prefetch("cycles", queryset=cycles_with_seats())
    )


# --- eligibility ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantFacts:
    """What eligibility reads about a person, fetched once for every programme on a page."""

    level: int | None
    tenure_years: int | None
    business_unit_id: int | None
    intake_submitted: bool
    nominated_for: frozenset[int] = field(default_factory=frozenset)

    def for_programme(self, programme_id: int) -> eligibility.Applicant:
        return eligibility.Applicant(
            level=self.level,
            tenure_years=self.tenure_years,
            business_unit_id=self.business_unit_id,
            has_nomination=programme_id in self.nominated_for,
            intake_submitted=self.intake_submitted,
        )


def applicant_facts(user: User) -> ApplicantFacts:
    """The person's profile, intake and nominations as eligibility sees them (two queries)."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            intake_submitted=Exists(
                Intake.objects.filter(user=OuterRef("pk"), submitted_at__isnull=False)
            )
        )
        .values(
            "profile__level", "profile__tenure_years", "profile__business_unit", "intake_submitted"
        )
        .get()
    )
    nominated = Nomination.objects.filter(nominee=user).values_list("programme_id", flat=True)
    return ApplicantFacts(
        level=row["profile__level"],
        tenure_years=row["profile__tenure_years"],
        business_unit_id=row["profile__business_unit"],
        intake_submitted=row["intake_submitted"],
        nominated_for=frozenset(nominated),
    )


def rules_of(programme: Programme) -> eligibility.Rules:
    """The programme's rules as plain values (eligible_units prefetched on list pages)."""
    units = list(programme.eligible_units.all())
    return eligibility.Rules(
        eligible_levels=tuple(programme.eligible_levels),
        min_tenure_years=programme.min_tenure_years,
        eligible_unit_ids=tuple(unit.pk for unit in units),
        nomination_required=programme.nomination_required,
        is_open=programme.is_open,
        level_labels=dict(Profile.Level.choices),
        unit_labels={unit.pk: unit.name for unit in units},
    )


# --- what a member sees -----------------------------------------------------------------------


def applications_of(user: User) -> QuerySet[Application]:
    """The only applications a member may see: their own."""
    return Application.objects.filter(applicant=user)


def waiting_positions(applications: list[Application]) -> dict[int, int]:
    """Each waiting application's position on its cycle's list, by id (one query)."""
    waiting = {a.pk for a in applications if a.status == Application.Status.WAITING}
    if not waiting:
        return {}
    cycle_ids = {a.cycle_id for a in applications if a.pk in waiting}
    return {
        pk: position
        for pk, position in ranked_waiting(cycle_ids).values_list("pk", "position")
        if pk in waiting
    }


def with_positions(applications: list[Application], today: date | None = None) -> list:
    """Attach `position` and `estimate` to the person's applications (one query for positions).

    The window numbers every waiting application of the cycles the person waits in, because a
    WHERE on the applicant would be applied before the numbering; only their rows are kept.
    """
    today = today or timezone.localdate()
    positions = waiting_positions(applications)
    for application in applications:
        application.position = positions.get(application.pk)
        application.estimate = estimate_for(application, application.position, today)
    return applications


def member_applications(user: User) -> list[Application]:
    """The person's applications, newest first, with position and estimate (constant queries)."""
    applications = list(
        applications_of(user)
        .select_related("programme", "cycle", "cohort__cycle")
        .prefetch_related(
            Prefetch("programme__cycles", queryset=cycles_with_seats()),
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "pk")),
        )
        .order_by("-applied_at", "-pk")
    )
    return with_positions(applications)


@dataclass
class ProgrammeForMember:
    """A programme as one member sees it: rules, their eligibility and their application."""

    programme: Programme
    who_may_apply: str
    reasons: list[str]
    intake_cycle: Cycle | None
    next_cycle: Cycle | None
    application: Application | None

    @property
    def eligible(self) -> bool:
        return not self.reasons


def programmes_for_member(user: User, programmes: QuerySet[Programme] | None = None) -> list:
    """Open programmes (or `programmes`) with the viewer's eligibility and active application."""
    today = timezone.localdate()
    programmes = list(
        programmes_with_cycles().filter(is_open=True) if programmes is None else programmes
    )
    facts = applicant_facts(user)
    active = list(
        applications_of(user)
        .filter(programme__in=[p.pk for p in programmes], status__in=Application.ACTIVE)
        .select_related("cycle", "cohort__cycle")
    )
    by_programme = {a.programme_id: a for a in active}
    cards = []
    for programme in programmes:
        cycles = list(programme.cycles.all())
        rules = rules_of(programme)
        application = by_programme.get(programme.pk)
        if application is not None:
            application.programme = programme
        current = intake_cycle(cycles, today)
        reasons = eligibility.reasons_not_eligible(facts.for_programme(programme.pk), rules)
        if current is None and not reasons and programme.is_open:
            reasons = ["No cycle is scheduled yet; the programme team will announce the next one."]
        cards.append(
            ProgrammeForMember(
                programme=programme,
                who_may_apply=eligibility.who_may_apply(rules),
                reasons=reasons,
                intake_cycle=current,
                next_cycle=next((c for c in cycles if c.starts_on > today), None),
                application=application,
            )
        )
    with_positions([card.application for card in cards if card.application], today)
    return cards


# --- mentors' load ---------------------------------------------------------------------------


def with_mentor_load(mentors: MentorProfileQuerySet) -> MentorProfileQuerySet:
    """`mentors` annotated with `active_mentees` (their active engagements in every programme:
    capacity is a person's, not a programme's) and `free_places` (capacity less that load)."""
    active = (
        Engagement.objects.filter(mentor=OuterRef("pk"), status=Engagement.Status.ACTIVE)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return mentors.annotate(active_mentees=Coalesce(Subquery(active), 0)).annotate(
        free_places=F("capacity") - F("active_mentees")
    )


# --- who could mentor an applicant ------------------------------------------------------------


def top_goal(user: User) -> LearningGoal | None:
    """The person's learning goal with the largest gap (earliest set wins a tie)."""
    goals = LearningGoal.objects.filter(user=user).select_related("competency")
    return max(goals, key=lambda g: g.gap, default=None)


def mentor_available(user: User, programme: Programme) -> tuple[bool, str]:
    """Whether a listed mentor with free places could take the person now, and if not, why.

    One query for the candidates' distinct time zones; the time zone arithmetic runs in Python
    over those few values.
    """
    profile = Profile.objects.filter(user=user).first()
    time_zone = profile.time_zone if profile else "Europe/London"
    goal = top_goal(user)
    mentors = with_mentor_load(MentorProfile.objects.listed()).filter(free_places__gt=0)
    mentors = mentors.exclude(user=user)
    if programme.cross_unit_pairs and profile and profile.business_unit_id:
        mentors = mentors.exclude(user__profile__business_unit_id=profile.business_unit_id)
    if goal is not None:
        strong = MentorStrength.objects.filter(
            competency=goal.competency, level__gte=waiting_list.STRONG_LEVEL
        )
        mentors = mentors.filter(pk__in=strong.values("mentor"))
    zones = set(mentors.values_list("user__profile__time_zone", flat=True).order_by().distinct())
    zones.discard(None)
    if waiting_list.any_within_reach(time_zone, zones):
        return True, ""
    competency = goal.competency.name if goal else None
    cross_unit = programme.cross_unit_pairs and bool(profile and profile.business_unit_id)
    return False, waiting_list.no_mentor_reason(competency, cross_unit=cross_unit)
