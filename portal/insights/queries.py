"""Reads for the insights pages: HR data (each through `visible_to` where a person reads it),
and who reads which insights, the one place that decides it.

Sponsors (the steering group) read the scorecard of every programme, read-only, as they read
the whole risk register (governance.queries); programme managers read the programmes they
manage (`managed_programmes`); superusers read all. Nobody else reads any (their pages 404)."""

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from portal.insights.models import HRRecord, ReadinessChange
from portal.people.roles import Role, may_manage_programmes
from portal.programmes.models import Cohort, Cycle, Programme
from portal.programmes.queries import managed_programmes


def readiness_on(day: date, record_ref: str = "pk") -> Subquery:
    """An annotation: a record's succession readiness as it stood on `day` (the latest change
    dated on or before it; None before the first import that gave one). `record_ref` names the
    HRRecord's id in the outer query (e.g. "hr_record_id" from elsewhere). The scorecard reads
    it at a participant's start and after, in the database."""
    return Subquery(
        ReadinessChange.objects.filter(record_id=OuterRef(record_ref), effective_on__lte=day)
        .order_by("-effective_on", "-pk")
        .values("readiness")[:1]
    )


def records_for_staff(user, search: str = "", leavers: bool = False) -> QuerySet[HRRecord]:
    """The HR records `user` may read (`visible_to`), matching `search` (employee id, name or
    email), the leavers only when `leavers`; with unit, account and the date of the current
    readiness, in one query."""
    records = HRRecord.objects.visible_to(user).select_related("business_unit", "user")
    if search:
        records = records.filter(
            Q(employee_id__iexact=search) | Q(name__icontains=search) | Q(email__icontains=search)
        )
    if leavers:
        records = records.filter(leaver_date__lte=timezone.localdate())
    return records.annotate(
        readiness_since=Subquery(
            ReadinessChange.objects.filter(record_id=OuterRef("pk"))
            .order_by("-effective_on", "-pk")
            .values("effective_on")[:1]
        )
    ).order_by("name", "employee_id")


def reads_every_programme(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_role(Role.SPONSOR))
    )


def may_read_scorecard(user) -> bool:
    return reads_every_programme(user) or may_manage_programmes(user)


def scorecard_programmes(user) -> QuerySet[Programme]:
    """The programmes whose scorecard `user` may read."""
    if reads_every_programme(user):
        return Programme.objects.all()
    return managed_programmes(user)


def cycles_of(programme: Programme) -> QuerySet[Cycle]:
    return programme.cycles.order_by("-starts_on", "pk")


def cohorts_of(programme: Programme) -> QuerySet[Cohort]:
    return Cohort.objects.filter(cycle__programme=programme).select_related("cycle")
