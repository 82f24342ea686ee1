"""Demo engagements: a living workspace for Daniel Hartmann (the demo mentor) and others in
several states, built through the engagement services. Idempotent: a pair that has sessions
already is left alone.

Amara (the demo mentee) keeps her pending proposal of Daniel (README, matching_seed.py), so
Daniel's workspace is with another mentee of the Emerging Leaders Circle; a place stays free
for Amara's answer.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.engagements import checkins, queries, services
from portal.engagements.models import CheckInAnswer, Note, Session
from portal.people.models import MentorProfile
from portal.programmes import queries as programme_queries
from portal.programmes import services as programme_services
from portal.programmes.models import Application, Engagement

DEMO_MENTOR = "daniel.hartmann@meridian.example"
NAMED = ("amara.okafor@meridian.example", "kwame.mensah@meridian.example")
NOTES = [
    ("mentor", Note.Tier.PRIVATE, "Ask about the plant visit next time; she went quiet on it."),
    (
        "mentee",
        Note.Tier.PAIR,
        "Agreed: I draft the stakeholder map before our next session and send it two days ahead.",
    ),
    (
        "mentor",
        Note.Tier.SUMMARY,
        "Good rhythm: two sessions held, goals set, first milestone reached on time.",
    ),
    ("mentee", Note.Tier.PRIVATE, "Practise the opening of the Q3 review out loud."),
]


def seed_engagements(rng: random.Random) -> None:
    with transaction.atomic():
        engagement = _daniels_engagement()
        if engagement is not None and not engagement.sessions.exists():
            fill_workspace(engagement, rng)
        # The other pairs, in a fixed order whatever their state now (so a rerun picks the
        # same ones): the first waits for both to confirm the agreement; the next four show a
        # check-in due, a stalled pair, a no-fault exit and a completed engagement; the rest
        # have confirmed (each has its goals from the intake already).
        others = list(
            Engagement.objects.exclude(mentor__user__email=DEMO_MENTOR)
            .select_related("mentor__user", "mentee", "programme")
            .order_by("pk")
        )
        for other in others[1:]:
            if other.status != Engagement.Status.ACTIVE:
                continue
            version = queries.agreement_for(other).version
            for person in (other.mentor.user, other.mentee):
                services.confirm_agreement(other, person, version)
        states = (_checkin_due, _stalled, _exited, _completed)
        for other, make in zip(others[1:], states, strict=False):
            if other.status == Engagement.Status.ACTIVE:
                make(other)


def _backdate(engagement: Engagement, started_on) -> None:
    Engagement.objects.filter(pk=engagement.pk).update(started_on=started_on)
    engagement.started_on = started_on


def _checkin_due(engagement: Engagement) -> None:
    """The latest check-in opened three days ago; the mentee has answered, the mentor not yet
    (so the mentor sees "check-in due" and neither reads the other's answers)."""
    every = engagement.programme.checkin_every_months if engagement.programme else 3
    today = timezone.localdate()
    if queries.checkin_window(engagement) is None:
        _backdate(engagement, checkins.add_months(today - timedelta(days=3), -every))
    current = queries.checkin_for(engagement, engagement.mentee)
    if current is not None and current.due:
        services.answer_checkin(
            engagement,
            engagement.mentee,
            current.window.number,
            current.is_open,
            {
                "goal_progress": {str(g.pk): 3 for g in engagement.goals.all()},
                "relationship": 4,
                "rhythm": CheckInAnswer.Rhythm.AS_AGREED,
                "going_well": "We agreed a clear plan for the stakeholder map.",
                "would_help": "Meeting at the same time each month.",
            },
        )


def _stalled(engagement: Engagement) -> None:
    """Started five weeks ago, no session held since: on the manager's stalled list."""
    if not engagement.sessions.exists():
        _backdate(engagement, timezone.localdate() - timedelta(days=35))


def _exited(engagement: Engagement) -> None:
    """The mentor ended it early; the mentee is back first on the waiting list."""
    services.end_early(
        engagement,
        engagement.mentor.user,
        "A new role leaves me no time for mentoring this half-year; no fault of my mentee's.",
    )


def _completed(engagement: Engagement) -> None:
    """Asked by the manager, both evaluated: complete, the alumni forum open to the mentee."""
    goals = list(engagement.goals.all())
    services.open_evaluation(Engagement.objects.filter(pk=engagement.pk), None)
    for person in (engagement.mentee, engagement.mentor.user):
        is_mentee = person == engagement.mentee
        competencies = {str(g.competency_id) for g in goals}
        services.submit_evaluation(
            engagement,
            person,
            True,
            {
                "goals_achieved": {str(g.pk): True for g in goals},
                "rating_before": dict.fromkeys(competencies, 2) if is_mentee else {},
                "rating_after": dict.fromkeys(competencies, 4) if is_mentee else {},
                "mentor_rating": None if is_mentee else 4,
                "narrative": "I chaired my first cross-unit review and it held together."
                if is_mentee
                else "She now leads the room rather than reporting to it.",
                "consent_to_feature": is_mentee,
            },
        )


def _daniels_engagement() -> Engagement | None:
    mentor = (
        programme_queries.with_mentor_load(MentorProfile.objects.select_related("user__profile"))
        .filter(user__email=DEMO_MENTOR)
        .first()
    )
    if mentor is None:
        return None
    current = mentor.engagements.filter(status=Engagement.Status.ACTIVE).order_by("pk").first()
    if current is not None or mentor.free_places < 2:  # one place stays for Amara's answer
        return current
    today = timezone.localdate()
    candidate = (
        Application.objects.filter(
            status=Application.Status.ADMITTED,
            cycle__starts_on__lte=today,
            cycle__ends_on__gt=today,
            cycle__programme__slug="emerging-leaders-circle",
        )
        .exclude(applicant__email__in=NAMED)
        .exclude(applicant__engagements__status=Engagement.Status.ACTIVE)
        .exclude(applicant__profile__business_unit=mentor.user.profile.business_unit_id)
        .select_related("programme", "cohort")
        .order_by("applied_at", "pk")
        .first()
    )
    if candidate is None:
        return None
    return programme_services.start_engagement(
        candidate.applicant,
        mentor,
        candidate.programme,
        candidate.cohort,
        started_on=today - timedelta(days=40),
    )


def fill_workspace(engagement: Engagement, rng: random.Random) -> None:
    """Agreement confirmed, goals under way with milestones, two sessions held and one coming,
    notes in every tier (bench/engagements.py fills its own engagement with it too)."""
    mentor, mentee = engagement.mentor.user, engagement.mentee
    version = queries.agreement_for(engagement).version
    for person in (mentor, mentee):
        services.confirm_agreement(engagement, person, version)
    for goal in engagement.goals.all()[:2]:
        services.change_goal(
            goal,
            mentee,
            {
                **{name: getattr(goal, name) for name in services.GOAL_FIELDS},
                "status": "on_track",
                "progress": rng.choice([20, 35, 50]),
            },
        )
        services.add_milestone(
            goal,
            "Agree the evidence with your line manager",
            goal.target_date - timedelta(days=120),
        )
        done = services.add_milestone(
            goal, "First stakeholder conversation", timezone.localdate() - timedelta(days=7)
        )
        services.complete_milestone(done)
        services.add_milestone(
            goal, "Present the plan at the unit review", timezone.localdate() + timedelta(days=10)
        )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for days_ago, minutes in ((28, 55), (14, 60)):
        Session.objects.create(
            engagement=engagement,
            scheduled_by=mentor,
            starts_at=now - timedelta(days=days_ago),
            minutes=60,
            format=Session.Format.VIDEO,
            place="https://meet.meridian.example/hartmann",
            status=Session.Status.HELD,
            actual_minutes=minutes,
        )
    services.schedule_session(
        engagement,
        mentor,
        {
            "starts_at": (now + timedelta(days=2)).replace(hour=14),
            "minutes": 60,
            "format": Session.Format.VIDEO,
            "place": "https://meet.meridian.example/hartmann",
            "agenda": "Walk through the stakeholder map; rehearse the opening of the Q3 review.",
        },
    )
    for who, tier, text in NOTES:
        services.write_note(engagement, mentor if who == "mentor" else mentee, tier, text)
