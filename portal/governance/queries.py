"""Reads for governance: each register's lists, scoped to who may read them.

The conflict-of-interest register is read by the declarer (their own declarations), by
programme managers (`reviewable_conflicts`) and by matching (`accepted_conflicts`, the hard
rules). See docs/decisions/0019-conflicts-and-reporting-lines.md.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.governance.models import ConflictDeclaration
from portal.people.models import MentorProfile
from portal.people.roles import manages_every_programme, may_manage_programmes
from portal.programmes.models import Application
from portal.programmes.queries import managed_programmes


def my_conflicts(user) -> QuerySet[ConflictDeclaration]:
    """The participant's own declarations, newest first, with what the list shows."""
    return ConflictDeclaration.objects.declared_by(user).select_related(
        "other_person", "business_unit", "reviewed_by"
    )


def reviewable_conflicts(user) -> QuerySet[ConflictDeclaration]:
    """The declarations `user` may review: all for a superuser; for a programme manager those
    by or about someone who applied to a programme they manage, or by or about a mentor (mentors
    are one pool: every programme's matching may choose them); none for anyone else."""
    if manages_every_programme(user):
        return ConflictDeclaration.objects.all()
    if not may_manage_programmes(user):
        return ConflictDeclaration.objects.none()
    theirs = managed_programmes(user).values("pk")

    def concerned(field: str) -> Q:
        applied = Application.objects.filter(applicant=OuterRef(field), programme__in=theirs)
        mentor = MentorProfile.objects.filter(user=OuterRef(field))
        return Q(Exists(applied)) | Q(Exists(mentor))

    return ConflictDeclaration.objects.filter(concerned("declarer") | concerned("other_person"))


def pending_conflicts(user) -> QuerySet[ConflictDeclaration]:
    """The review queue: pending declarations `user` may review, oldest first."""
    return (
        reviewable_conflicts(user)
        .filter(status=ConflictDeclaration.Status.PENDING)
        .select_related("declarer", "other_person", "business_unit")
        .order_by("created_at", "pk")
    )


def decided_conflicts(user) -> QuerySet[ConflictDeclaration]:
    return (
        reviewable_conflicts(user)
        .exclude(status=ConflictDeclaration.Status.PENDING)
        .select_related("declarer", "other_person", "business_unit", "reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


def accepted_conflicts(user_ids: Iterable[int]) -> list[tuple[int, int | None, int | None]]:
    """Accepted declarations by or about these people as (declarer, other person, business
    unit) ids, in one query: the hard rules matching applies (portal/matching/queries.py)."""
    ids = list(user_ids)
    return list(
        ConflictDeclaration.objects.accepted()
        .filter(Q(declarer_id__in=ids) | Q(other_person_id__in=ids))
        .values_list("declarer_id", "other_person_id", "business_unit_id")
    )
