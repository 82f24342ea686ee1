"""Demo figures for the balanced scorecard: the previous cycle of each programme ran its course.

Each admitted mentee of a programme's previous cycle (up to PAIRS_PER_PROGRAMME) had a mentor
from another business unit, confirmed the agreement (which asked for the starting ratings), was
rated at the start by herself, her mentor and her line manager, met, checked in twice, recorded
a business measure on her first goal, and completed with closing ratings, the manager's
observation and both outcome evaluations. Built through the engagement services; idempotent: a
mentee with an engagement in the programme already is left alone.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.demo.programmes_seed import NAMED_MENTEES
from portal.engagements import assessments, queries, services
from portal.engagements.models import CheckInAnswer, Goal, ManagerLink, Session
from portal.people import services as people_services
from portal.people.models import MentorProfile, Profile, User
from portal.people.roles import Role
from portal.programmes import queries as programme_queries
from portal.programmes import services as programme_services
from portal.programmes.models import Application, Cycle, Engagement, Programme

PAIRS_PER_PROGRAMME = 8
DEMO_MENTOR = "daniel.hartmann@meridian.example"

GOING_WELL = [
    "She delegates the monthly forecast now and trusts the team with it.",
    "Much clearer on strategy: the three-year vision is written down at last.",
    "Feedback conversations with direct reports are regular and calmer.",
    "More confidence in the room with the board; presence noticeably stronger.",
    "Stakeholder map done; influence with the regional heads is growing.",
    "Priorities are sharper: two projects stopped so the team can focus.",
]
WOULD_HELP = [
    "Finding time in a busy diary; two sessions had to be cancelled.",
    "More practice on presentations before the quarterly review.",
    "An introduction to the network of finance leaders.",
    "",
]
OBSERVATIONS = [
    "Delegates far more and coaches the team instead of doing the work.",
    "Decisions come faster and the team knows the priorities.",
    "Runs stakeholder meetings with real confidence now.",
    "Gives feedback early; the team's engagement score rose.",
]
MEASURES = [
    ("Team engagement score", 62, 70),
    ("Days to close the month", 9, 6),
    ("Regretted attrition in the team (%)", 12, 8),
]


def seed_scorecard(rng: random.Random) -> None:
    for programme in Programme.objects.order_by("pk"):
        previous = (
            Cycle.objects.filter(programme=programme, ends_on__lt=timezone.localdate())
            .order_by("-starts_on")
            .first()
        )
        if previous is None:
            continue
        with transaction.atomic():
            _run_cycle(programme, previous, rng)


def _run_cycle(programme: Programme, cycle: Cycle, rng: random.Random) -> None:
    done = Engagement.objects.filter(programme=programme).values("mentee")
    admitted = list(
        Application.objects.filter(cycle=cycle, status=Application.Status.ADMITTED)
        .exclude(applicant__in=done)
        .exclude(applicant__email__in=NAMED_MENTEES)
        .select_related("applicant__profile", "cohort")
        .order_by("applied_at", "pk")[:PAIRS_PER_PROGRAMME]
    )
    for application in admitted:
        mentor = _mentor_for(application.applicant, rng)
        if mentor is None:
            return
        _line_manager_for(application.applicant, mentor)
        _complete_pair(application, mentor, cycle, rng)


def _mentor_for(mentee: User, rng: random.Random) -> MentorProfile | None:
    unit = getattr(getattr(mentee, "profile", None), "business_unit_id", None)
    mentors = list(
        programme_queries.with_mentor_load(MentorProfile.objects.select_related("user"))
        .filter(free_places__gt=0, kind=MentorProfile.Kind.INTERNAL)
        .exclude(user__email=DEMO_MENTOR)
        .exclude(user__profile__business_unit=unit)
        .exclude(user=mentee)
        .order_by("pk")[:20]
    )
    return rng.choice(mentors) if mentors else None


def _line_manager_for(mentee: User, mentor: MentorProfile) -> None:
    """The mentee reports to someone senior in her own unit (the HR import would say who)."""
    profile = Profile.objects.filter(user=mentee).first()
    if profile is None or profile.reports_to_id:
        return
    boss = (
        User.objects.filter(
            profile__business_unit=profile.business_unit_id,
            groups__name=Role.MENTOR.value,
            is_active=True,
        )
        .exclude(pk__in=[mentee.pk, mentor.user_id])
        .order_by("pk")
        .first()
    )
    if boss is not None:
        try:
            people_services.set_reports_to(mentee, boss, None, "HR import")
        except people_services.MembershipError:
            return


def _ratings(engagement: Engagement, low: int, high: int, rng: random.Random) -> dict:
    return {
        "ratings": {
            str(c.pk): rng.randint(low, high) for c in queries.goal_competencies(engagement)
        }
    }


def _complete_pair(
    application: Application, mentor: MentorProfile, cycle: Cycle, rng: random.Random
) -> None:
    mentee = application.applicant
    started = cycle.starts_on + timedelta(days=rng.randint(7, 21))
    engagement = programme_services.start_engagement(
        mentee, mentor, application.programme, application.cohort, started_on=started
    )
    if not engagement.goals.exists():
        return
    version = queries.agreement_for(engagement).version
    for person in (mentee, mentor.user):
        services.confirm_agreement(engagement, person, version)  # asks for the pre ratings
    services.submit_assessment(
        engagement, mentee, assessments.PRE, True, _ratings(engagement, 1, 3, rng)
    )
    services.submit_assessment(
        engagement, mentor.user, assessments.PRE, True, _ratings(engagement, 1, 3, rng)
    )
    link = ManagerLink.objects.filter(engagement=engagement, phase=assessments.PRE).first()
    if link is not None:
        services.submit_manager_assessment(link, _ratings(engagement, 2, 3, rng))

    metric, baseline, target = rng.choice(MEASURES)
    reached = target + (target - baseline) * rng.choice([-0.5, 0, 0.25])
    Goal.objects.filter(pk=engagement.goals.order_by("pk").values("pk")[:1]).update(
        impact_metric=metric,
        impact_baseline=baseline,
        impact_target=target,
        impact_result=round(reached, 1),
        status=Goal.Status.ACHIEVED,
        progress=100,
    )
    moment = timezone.make_aware(timezone.datetime.combine(started, timezone.datetime.min.time()))
    Session.objects.bulk_create(
        [
            Session(
                engagement=engagement,
                scheduled_by=mentor.user,
                starts_at=moment + timedelta(days=days, hours=15),
                minutes=60,
                status=Session.Status.HELD,
                actual_minutes=rng.choice([45, 60, 60, 75]),
            )
            for days in range(10, 170, rng.choice([21, 28, 35]))
        ]
    )
    for number in (1, 2):
        for person in (mentee, mentor.user):
            CheckInAnswer.objects.create(
                engagement=engagement,
                number=number,
                person=person,
                goal_progress={},
                relationship=rng.choice([3, 4, 4, 5, 5]),
                rhythm=CheckInAnswer.Rhythm.AS_AGREED,
                going_well=rng.choice(GOING_WELL),
                would_help=rng.choice(WOULD_HELP),
                answered_at=moment + timedelta(days=92 * number),
            )

    services.open_evaluation(Engagement.objects.filter(pk=engagement.pk), None)  # asks post
    services.submit_assessment(
        engagement, mentee, assessments.POST, True, _ratings(engagement, 3, 5, rng)
    )
    services.submit_assessment(
        engagement, mentor.user, assessments.POST, True, _ratings(engagement, 3, 4, rng)
    )
    link = ManagerLink.objects.filter(engagement=engagement, phase=assessments.POST).first()
    if link is not None:
        services.submit_manager_assessment(
            link,
            {
                **_ratings(engagement, 3, 4, rng),
                "behaviour_change": rng.choice([3, 4, 4, 5]),
                "observation": rng.choice(OBSERVATIONS),
            },
        )
    goals = list(engagement.goals.all())
    for person in (mentee, mentor.user):
        services.submit_evaluation(
            engagement,
            person,
            True,
            {
                "goals_achieved": {str(g.pk): True for g in goals},
                "narrative": rng.choice(OBSERVATIONS),
                "consent_to_feature": False,
            },
        )
    # It ended with its cycle.
    Engagement.objects.filter(pk=engagement.pk).update(
        ended_on=F("started_on") + timedelta(days=175)
    )
