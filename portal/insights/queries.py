"""Who reads which insights: the one place that decides it.

Sponsors (the steering group) read the scorecard of every programme, read-only, as they read
the whole risk register (governance.queries); programme managers read the programmes they
manage (`managed_programmes`); superusers read all. Nobody else reads any (their pages 404).
"""

from django.db.models import QuerySet

from portal.people.roles import Role, may_manage_programmes
from portal.programmes.models import Cohort, Cycle, Programme
from portal.programmes.queries import managed_programmes


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
