"""Demo programmes, cycles, cohorts and applications, built through the programme services.

Two programmes, each with a finished, a running and a scheduled cycle. About half of the
eligible demo mentees apply: some took part in the previous cycle, some were left out of it and
are carried over to the front of the current list, most apply to the running cycle, where the
first are admitted and the rest wait with a reason. A programme manager defers and removes a
few, with reasons. Amara Okafor (the demo mentee) was admitted early to the Emerging Leaders
Circle, so the published matching round proposes her a mentor (matching_seed.py); Kwame Mensah
(the waiting-list mentee) applies once the seats are gone, so he sees his place, the reason and
an estimated start.

Idempotent: a programme is found by its slug, and one that exists already is left alone with
its cycles, cohorts and applications (cycle names come from dates, so a rerun on another day
must not add cycles). Cycles and cohorts are found by name within their parent.
"""

import random
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from portal.demo import data
from portal.people.models import BusinessUnit, Format, MentorProfile, Profile, User
from portal.people.roles import Role
from portal.programmes import queries, services, waiting_list
from portal.programmes.models import Application, Cohort, Cycle, MatchingMode, Programme

DEMO_MENTEE = f"amara.okafor@{data.COMPANY_DOMAIN}"
WAITING_MENTEE = f"kwame.mensah@{data.COMPANY_DOMAIN}"
NAMED_MENTEES = (DEMO_MENTEE, WAITING_MENTEE)
PROGRAMME_MANAGER = f"sofia.lindqvist@{data.COMPANY_DOMAIN}"
APPLY_PERCENT = 55  # of eligible mentees, chosen by a stable hash so reruns pick the same people


@dataclass(frozen=True)
class CycleSpec:
    starts_in: int  # days from today (negative: in the past)
    days: int
    seats_per_scale: int


@dataclass(frozen=True)
class ProgrammeSpec:
    name: str
    slug: str
    purpose: str
    strategic_priority: str
    formats: tuple[str, ...]
    hours_per_month: int
    duration_months: int
    levels: tuple[int, ...]
    min_tenure_years: int
    cohorts: str  # "level" or "unit"
    previous: CycleSpec
    current: CycleSpec
    following: CycleSpec
    left_out_per_scale: int
    checkin_every_months: int = 3
    matching_mode: str = MatchingMode.BEST_FIT


PROGRAMMES = [
    ProgrammeSpec(
        name="Executive Leadership Accelerator",
        slug="executive-leadership-accelerator",
        purpose=(
            "A year of one-on-one mentoring for senior directors and vice presidents preparing "
            "for enterprise roles: shaping strategy, leading through others at scale and working "
            "with the board. Each mentee is paired with an executive from another business unit."
        ),
        strategic_priority="Succession for the group's top 200 roles",
        formats=("one_on_one",),
        hours_per_month=4,
        duration_months=12,
        levels=(Profile.Level.SENIOR_DIRECTOR, Profile.Level.VICE_PRESIDENT),
        min_tenure_years=3,
        cohorts="level",
        previous=CycleSpec(starts_in=-400, days=365, seats_per_scale=4),
        current=CycleSpec(starts_in=-21, days=365, seats_per_scale=6),
        following=CycleSpec(starts_in=160, days=365, seats_per_scale=8),
        left_out_per_scale=2,
        # Senior people with strong views on whom they work with: nobody should be left with a
        # mentor while one they preferred would have preferred them too.
        matching_mode=MatchingMode.STABLE,
    ),
    ProgrammeSpec(
        name="Emerging Leaders Circle",
        slug="emerging-leaders-circle",
        purpose=(
            "Six months of small-group coaching and shadowing for senior managers and directors "
            "stepping into wider leadership. Circles mix business units, so you learn how the "
            "rest of the group works, and each member shadows a leader for two days."
        ),
        strategic_priority="Cross-unit collaboration",
        formats=("group", "shadowing"),
        hours_per_month=3,
        duration_months=6,
        levels=(Profile.Level.SENIOR_MANAGER, Profile.Level.DIRECTOR),
        min_tenure_years=1,
        cohorts="unit",
        previous=CycleSpec(starts_in=-220, days=180, seats_per_scale=8),
        current=CycleSpec(starts_in=-14, days=180, seats_per_scale=10),
        following=CycleSpec(starts_in=170, days=180, seats_per_scale=12),
        left_out_per_scale=3,
        # Six months together: the circle checks in monthly, not quarterly.
        checkin_every_months=1,
    ),
]

DEFER_REASONS = [
    "Starting a new role next quarter; agreed to join the next cycle.",
    "On an international assignment until the spring; first in line for the next cycle.",
]
REMOVE_REASONS = [
    "Moved into a role outside the programme's levels.",
    "Has left the organisation.",
]
EARLY_ADMISSION = "Sponsor-backed succession case; a mentor outside the usual reach has agreed."


def seed_programmes(scale: int, rng: random.Random) -> None:
    """Create the demo programmes and their applications (see the module docstring)."""
    today = timezone.localdate()
    manager = User.objects.filter(email=PROGRAMME_MANAGER).first()
    for spec in PROGRAMMES:
        with transaction.atomic():
            if Programme.objects.filter(slug=spec.slug).exists():
                continue  # seeded before: leave it, and whatever staff changed since, alone
            programme, cycles = _programme(spec, scale, today, manager)
            _applications(spec, programme, cycles, scale, rng, manager)
            _engagements(programme, cycles[1], scale, rng)


def _programme(spec: ProgrammeSpec, scale: int, today: date, manager: User | None):
    programme, _ = Programme.objects.get_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "purpose": spec.purpose,
            "strategic_priority": spec.strategic_priority,
            "hours_per_month": spec.hours_per_month,
            "duration_months": spec.duration_months,
            "checkin_every_months": spec.checkin_every_months,
            "eligible_levels": list(spec.levels),
            "min_tenure_years": spec.min_tenure_years,
            "cross_unit_pairs": True,
            "matching_mode": spec.matching_mode,
            "is_open": True,
        },
    )
    programme.formats.add(*Format.objects.filter(code__in=spec.formats))
    if manager is not None:
        programme.managers.add(manager)
    cycles = [
        _cycle(programme, cycle_spec, scale, today)
        for cycle_spec in (spec.previous, spec.current, spec.following)
    ]
    for cycle in cycles:
        _cohorts(spec, cycle)
    return programme, cycles


def _cycle(programme: Programme, spec: CycleSpec, scale: int, today: date) -> Cycle:
    starts_on = today + timedelta(days=spec.starts_in)
    season = "Spring" if starts_on.month <= 6 else "Autumn"
    cycle, _ = Cycle.objects.get_or_create(
        programme=programme,
        name=f"{season} {starts_on.year}",
        defaults={
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=spec.days),
            "seats": spec.seats_per_scale * scale,
        },
    )
    return cycle


def _cohorts(spec: ProgrammeSpec, cycle: Cycle) -> None:
    if spec.cohorts == "level":
        for level in spec.levels:
            label = Profile.Level(level).label
            Cohort.objects.get_or_create(
                cycle=cycle,
                name=f"{label}s",
                defaults={"level": level, "strategic_priority": spec.strategic_priority},
            )
        return
    for unit in BusinessUnit.objects.filter(parent=None):
        Cohort.objects.get_or_create(
            cycle=cycle,
            name=f"{unit.name} circle",
            defaults={"business_unit": unit, "strategic_priority": spec.strategic_priority},
        )


def _chosen(slug: str, email: str) -> bool:
    return zlib.crc32(f"{slug}:{email}".encode()) % 100 < APPLY_PERCENT


def _applicants(spec: ProgrammeSpec, programme: Programme) -> list[User]:
    """Eligible demo mentees picked to apply (the named mentees always, when eligible)."""
    mentees = (
        User.objects.filter(
            groups__name=Role.MENTEE.value,
            email__endswith=f"@{data.COMPANY_DOMAIN}",
            profile__level__in=spec.levels,
        )
        .exclude(groups__name=Role.MENTOR.value)
        .order_by("pk")
    )
    picked = []
    for user in mentees:
        if user.email not in NAMED_MENTEES and not _chosen(spec.slug, user.email):
            continue
        if not services.eligibility_reasons(user, programme):
            picked.append(user)
    return picked


def _moment(day: date, rng: random.Random) -> datetime:
    clock = time(rng.randint(8, 18), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, clock))


def _dates_between(start: date, end: date, n: int, rng: random.Random) -> list[datetime]:
    span = max((end - start).days, 1)
    return sorted(_moment(start + timedelta(days=rng.randrange(span)), rng) for _ in range(n))


def _applications(spec, programme, cycles, scale, rng, manager) -> None:
    previous, current, _following = cycles
    people = _applicants(spec, programme)
    amara = next((p for p in people if p.email == DEMO_MENTEE), None)
    kwame = next((p for p in people if p.email == WAITING_MENTEE), None)
    others = [p for p in people if p.email not in NAMED_MENTEES]
    rng.shuffle(others)

    # The previous cycle: its seats filled, and a few left out who are carried over.
    earlier_count = min(previous.seats + spec.left_out_per_scale * scale, len(others) // 2)
    earlier, later = others[:earlier_count], others[earlier_count:]
    opened = previous.starts_on - timedelta(days=30)
    for person, at in zip(
        earlier, _dates_between(opened, previous.starts_on, len(earlier), rng), strict=True
    ):
        services.apply_to_programme(person, programme, at=at)
    services.carry_over_waiting_list(previous, manager)

    # The running cycle: applications since the previous one ended.
    opened = max(previous.ends_on, current.starts_on - timedelta(days=30)) + timedelta(days=1)
    today = timezone.localdate()
    if amara is not None:
        # Amara applied on the first day, so she is admitted and matching proposes her a mentor.
        services.apply_to_programme(amara, programme, at=_moment(opened, rng))
    full_at = None
    for person, at in zip(later, _dates_between(opened, today, len(later), rng), strict=True):
        application = services.apply_to_programme(person, programme, at=at)
        if full_at is None and application.waiting_reason.startswith("This cycle's"):
            full_at = at
    if kwame is not None:
        # Kwame applies just after the seats ran out, so he has a place near the top.
        at = (full_at or _moment(today - timedelta(days=3), rng)) + timedelta(hours=2)
        services.apply_to_programme(kwame, programme, at=at)
    _decisions(programme, current, rng, manager)


def _decisions(programme, current, rng, manager) -> None:
    """A programme manager's decisions: fill free seats, defer two, remove one."""
    waiting = list(
        Application.objects.filter(cycle=current, status=Application.Status.WAITING)
        .exclude(applicant__email__in=NAMED_MENTEES)
        .select_related("applicant")
        .order_by("-carried_over", "applied_at", "pk")
    )
    seats_left = (
        current.seats
        - Application.objects.filter(cycle=current, status=Application.Status.ADMITTED).count()
    )
    for application in waiting[: min(seats_left, 2)]:
        cohort = services.choose_cohort(current, application.applicant)
        if cohort is not None:
            services.admit_application(application, manager, cohort, EARLY_ADMISSION)
    rest = [a for a in waiting if a.status == Application.Status.WAITING]
    tail = rest[len(rest) // 2 :]
    rng.shuffle(tail)
    for application, reason in zip(tail, DEFER_REASONS, strict=False):
        services.defer_application(application, manager, reason)
    for application, reason in zip(tail[len(DEFER_REASONS) :], REMOVE_REASONS[:1], strict=False):
        services.remove_application(application, manager, reason)


def _engagements(programme: Programme, current: Cycle, scale: int, rng: random.Random) -> None:
    """Pair a handful of admitted mentees with listed mentors who have free places."""
    admitted = list(
        Application.objects.filter(cycle=current, status=Application.Status.ADMITTED)
        .exclude(applicant__engagements__programme=programme)
        .exclude(applicant__email=DEMO_MENTEE)  # her mentor comes from the matching round
        .select_related("applicant__profile")
        .order_by("applied_at")[: 4 * scale]
    )
    mentors = list(
        queries.with_mentor_load(MentorProfile.objects.listed())
        .filter(free_places__gt=0)
        .select_related("user__profile")
        .order_by("pk")
    )
    if not mentors:
        return
    free = {mentor.pk: mentor.free_places for mentor in mentors}
    for application in admitted:
        mentee = application.applicant.profile
        fits = [
            m
            for m in mentors
            if free[m.pk] > 0
            and getattr(m.user, "profile", None) is not None
            and m.user.profile.business_unit_id != mentee.business_unit_id
            and waiting_list.any_within_reach(mentee.time_zone, [m.user.profile.time_zone])
        ]
        if not fits:
            continue
        mentor = rng.choice(fits)
        free[mentor.pk] -= 1
        services.start_engagement(
            application.applicant,
            mentor,
            programme,
            application.cohort,
            started_on=min(
                timezone.localdate(),
                max(current.starts_on, application.applied_at.date()) + timedelta(days=7),
            ),
        )
