"""Reads of HR data for the insights pages (each through `visible_to` where a person reads it)."""

from datetime import date

from django.db.models import OuterRef, Subquery

from portal.insights.models import ReadinessChange


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
