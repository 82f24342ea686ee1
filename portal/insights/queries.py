"""Reads of HR data for the insights pages (each through `visible_to` where a person reads it)."""

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from portal.insights.models import HRRecord, ReadinessChange


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
