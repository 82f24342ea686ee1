"""The demo's risk register and last quarter's steering review: five realistic risks (senior
mentors' time, misaligned incentives, a confidentiality breach, dependence on external experts,
low engagement in a cohort) with mitigations, the low-engagement risk linked to the demo's
early exit, and the review with its decisions and actions. Sofia (programme manager) edits
them in the admin; James (sponsor) reads the register. Idempotent: seeded once."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from portal.demo.nominations_seed import SPONSOR
from portal.demo.programmes_seed import PROGRAMME_MANAGER
from portal.engagements import services as engagement_services
from portal.engagements.models import EngagementLogEntry
from portal.governance import queries, services
from portal.governance.models import (
    GovernanceReview,
    IncidentLink,
    Mitigation,
    ReviewAction,
    ReviewDecision,
    Risk,
)
from portal.people.models import User
from portal.programmes.models import Programme

LOW_ENGAGEMENT = "Low engagement in a current cohort"


def _risks(today: date, cohort: Programme | None, ela: Programme | None) -> list[dict]:
    return [
        {
            "title": "Senior mentors cannot keep their monthly hours",
            "category": Risk.Category.TIME,
            "programme": ela,
            "likelihood": 4,
            "impact": 4,
            "description": "Executive mentors carry quarter-end and board cycles; sessions slip "
            "and pairs lose momentum in months two to four.",
            "next_review_on": today - timedelta(days=3),
            "mitigations": [
                ("Agree protected mentoring slots with the executive assistants", 14, False),
                ("Offer 45-minute sessions as an agreed alternative", -10, False),
            ],
        },
        {
            "title": "Mentoring is not recognised in performance goals",
            "category": Risk.Category.INCENTIVES,
            "programme": None,
            "likelihood": 3,
            "impact": 4,
            "description": "Mentors' time counts for nothing in their objectives, so it is the "
            "first thing dropped when work piles up.",
            "next_review_on": today + timedelta(days=40),
            "mitigations": [
                ("Propose a mentoring objective to the HR leadership team", 30, False),
            ],
        },
        {
            "title": "A confidential conversation leaks outside the pair",
            "category": Risk.Category.CONFIDENTIALITY,
            "programme": None,
            "likelihood": 2,
            "impact": 5,
            "description": "Mentees discuss careers, conflicts and health; one leak would end "
            "trust in the programme across the organisation.",
            "next_review_on": today + timedelta(days=20),
            "mitigations": [
                ("Confidentiality briefing in every mentor's onboarding", -30, True),
                ("Review who opened notes through break-glass each quarter", 45, False),
            ],
        },
        {
            "title": "Too few external experts carry the specialist pairs",
            "category": Risk.Category.DEPENDENCY,
            "programme": ela,
            "likelihood": 3,
            "impact": 3,
            "description": "Three experts hold most board-readiness pairs; losing one leaves "
            "mentees without a match for a cycle.",
            "next_review_on": today + timedelta(days=60),
            "mitigations": [("Vet two more experts before the next cycle", 50, False)],
        },
        {
            "title": LOW_ENGAGEMENT,
            "category": Risk.Category.ENGAGEMENT,
            "programme": cohort,
            "likelihood": 4,
            "impact": 3,
            "description": "Check-ins are overdue and one pair has ended early; the cohort's "
            "sessions are well below the agreed rhythm.",
            "next_review_on": today,
            "mitigations": [
                ("Call each stalled pair before the next check-in", 7, False),
                ("Re-match the mentee whose engagement ended", -2, False),
            ],
        },
    ]


def _last_quarter(today: date) -> tuple[int, int, date]:
    year, quarter = queries.current_quarter(today)
    year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    held_on = date(year, 3 * quarter, 20)
    return year, quarter, held_on


@transaction.atomic
def seed_governance() -> None:
    if Risk.objects.exists():
        return  # seeded before (or staff keep their own register): leave it alone
    manager = User.objects.filter(email=PROGRAMME_MANAGER).first()
    sponsor = User.objects.filter(email=SPONSOR).first()
    if manager is None or sponsor is None:
        return
    today = timezone.localdate()
    ela = Programme.objects.filter(slug="executive-leadership-accelerator").first()
    exit_entry = (
        EngagementLogEntry.objects.filter(action=engagement_services.ENDED_EARLY)
        .select_related("engagement__programme")
        .first()
    )
    # The low-engagement risk is of the programme where the demo's pair ended early.
    cohort = exit_entry.engagement.programme if exit_entry else ela
    for spec in _risks(today, cohort, ela):
        mitigations = spec.pop("mitigations")
        risk = Risk.objects.create(owner=manager, **spec)
        for n, (action, days, done) in enumerate(mitigations):
            Mitigation.objects.create(
                risk=risk,
                action=action,
                owner=sponsor if n == 0 and risk.programme is None else manager,
                due_on=today + timedelta(days=days),
                done=done,
            )
    if exit_entry is not None:
        _link_the_exit(manager, exit_entry.pk)
    _last_review(today, manager, sponsor)


def _link_the_exit(manager: User, entry_id: int) -> None:
    risk = Risk.objects.get(title=LOW_ENGAGEMENT)
    exits = [
        incident
        for incident in queries.incidents_for(manager)
        if incident.kind == IncidentLink.Kind.ENGAGEMENT_EXIT and incident.source_id == entry_id
    ]
    if exits:
        services.link_incident(risk, exits[0], manager)


def _last_review(today: date, manager: User, sponsor: User) -> None:
    year, quarter, held_on = _last_quarter(today)
    review = GovernanceReview(year=year, quarter=quarter, held_on=held_on, created_by=manager)
    services.prefill_agenda(review, held_on)
    review.notes = "Quorate: the sponsor and the programme team."
    review.save()
    # A ParentalManyToManyField keeps additions in memory until the review is saved again.
    review.attendees.add(manager, sponsor)
    review.save()
    for text in (
        "Mentors' hours are the top risk: the accelerator keeps monthly sessions but allows "
        "45-minute ones by agreement.",
        "Break-glass reads are reviewed every quarter by the steering group.",
    ):
        ReviewDecision.objects.create(review=review, text=text)
    for action, owner, days, done in (
        ("Write to the executive committee about protected mentoring time", sponsor, 20, True),
        ("Bring a proposal for a mentoring objective in performance goals", manager, 75, False),
        ("Read the quarter's break-glass log and report to the committee", sponsor, 100, False),
    ):
        ReviewAction.objects.create(
            review=review,
            action=action,
            owner=owner,
            due_on=held_on + timedelta(days=days),
            done=done,
        )
