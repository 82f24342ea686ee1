"""Reads for governance, each narrowed to what the reader may see; the one place that decides
who reads an external expert's due diligence and its evidence.

- The expert: their own.
- Programme managers (may_manage_people): every expert's (people are one pool).
- Sponsors: the ones awaiting a sponsor's approval, while they await it.
- Everyone else: none (a download or page they guess is a 404).
"""

from django.db.models import Count, Q, QuerySet

from portal.governance.models import EXPERT_EVIDENCE, ChecklistItem, Evidence, ExpertVetting
from portal.people.models import PersonLogEntry
from portal.people.roles import Role, may_manage_people


def vettings_visible_to(user) -> QuerySet[ExpertVetting]:
    if not (user.is_authenticated and user.is_active):
        return ExpertVetting.objects.none()
    if may_manage_people(user):
        return ExpertVetting.objects.all()
    rule = Q(mentor__user=user)
    if user.has_role(Role.SPONSOR):
        rule |= Q(stage=ExpertVetting.Stage.AWAITING_SPONSOR)
    return ExpertVetting.objects.filter(rule)


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """The evidence files `user` may download: those of the due diligence they may read."""
    return Evidence.objects.filter(item__vetting__in=vettings_visible_to(user).values("pk"))


def items_uploadable_by(user) -> QuerySet[ChecklistItem]:
    """Checklist items `user` may add evidence to: the expert their own items that need their
    evidence (services.EXPERT_EVIDENCE); a programme manager any other expert's items."""
    if not (user.is_authenticated and user.is_active):
        return ChecklistItem.objects.none()
    own = Q(vetting__mentor__user=user, kind__in=EXPERT_EVIDENCE)
    if may_manage_people(user):
        return ChecklistItem.objects.filter(own | ~Q(vetting__mentor__user=user))
    return ChecklistItem.objects.filter(own)


def with_progress(vettings: QuerySet[ExpertVetting]) -> QuerySet[ExpertVetting]:
    """Each due diligence with its expert and how many of its items are complete."""
    return vettings.select_related("mentor__user", "manager_approved_by").annotate(
        items_complete=Count("items", filter=Q(items__complete=True)),
        items_total=Count("items"),
    )


def awaiting_sponsor(user) -> QuerySet[ExpertVetting]:
    """What a sponsor's review page lists: due diligence awaiting a sponsor, oldest first."""
    if not (user.is_authenticated and user.is_active and user.has_role(Role.SPONSOR)):
        return ExpertVetting.objects.none()
    return with_progress(
        ExpertVetting.objects.filter(stage=ExpertVetting.Stage.AWAITING_SPONSOR)
    ).order_by("manager_approved_at", "pk")


def items_with_evidence(vetting: ExpertVetting) -> QuerySet[ChecklistItem]:
    return vetting.items.select_related("checked_by").prefetch_related("evidence")


def record_of(vetting: ExpertVetting) -> QuerySet[PersonLogEntry]:
    """The expert's due diligence and vetting decisions, newest first (who, what, why)."""
    return PersonLogEntry.objects.filter(
        Q(action__startswith="governance.") | Q(action="people.vetting_decided"),
        object_id=str(vetting.mentor.user_id),
    ).select_related("user")[:100]
