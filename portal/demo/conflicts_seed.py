"""Demo conflicts of interest and reporting lines, through the governance and people services.

Daniel (the demo mentor) has declared two conflicts with mentees of the Executive Leadership
Accelerator: one Sofia accepted (matching never pairs them), one waiting for her review. A few
reporting lines join demo mentees to demo mentors, as the HR import would. Idempotent."""

from portal.demo.matching_seed import DEMO_MENTOR, REVIEW_PROGRAMME, _manager
from portal.governance import services
from portal.governance.models import ConflictDeclaration
from portal.people import services as people_services
from portal.people.models import User
from portal.people.roles import Role

ACCEPTED_REASON = "Confirmed with HR: a family relationship, so they are never paired."


def seed_conflicts() -> None:
    daniel = User.objects.filter(email=DEMO_MENTOR).first()
    manager = _manager()
    if daniel is None or manager is None:
        return
    mentees = list(
        User.objects.filter(
            applications__programme__slug=REVIEW_PROGRAMME, groups__name=Role.MENTEE.value
        )
        .exclude(email__startswith="amara.")
        .distinct()
        .order_by("pk")[:2]
    )
    if len(mentees) == 2 and not ConflictDeclaration.objects.filter(declarer=daniel).exists():
        accepted = services.declare_conflict(
            daniel,
            ConflictDeclaration.Kind.FAMILY,
            other_person=mentees[0],
            description="My brother-in-law.",
        )
        services.review_conflict(accepted.pk, manager, "accepted", ACCEPTED_REASON)
        services.declare_conflict(
            daniel,
            ConflictDeclaration.Kind.COMMERCIAL,
            other_person=mentees[1],
            description="We sit on the board of the same supplier.",
        )
    _reporting_lines()


def _reporting_lines() -> None:
    """Three mentees report to a mentor, whose own manager is another mentor (a skip level)."""
    mentors = list(
        User.objects.filter(groups__name=Role.MENTOR.value, email__endswith=".example")
        .exclude(groups__name=Role.EXTERNAL_EXPERT.value)
        .exclude(email=DEMO_MENTOR)
        .order_by("pk")[:2]
    )
    mentees = list(
        User.objects.filter(groups__name=Role.MENTEE.value)
        .exclude(email__startswith="amara.")
        .order_by("-pk")[:3]
    )
    if len(mentors) < 2 or len(mentees) < 3:
        return
    line_manager, their_manager = mentors
    people_services.set_reports_to(line_manager, their_manager, None, "HR import")
    for mentee in mentees:
        people_services.set_reports_to(mentee, line_manager, None, "HR import")
