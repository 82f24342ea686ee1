"""A nomination-only programme in the demo, with one nomination: the sponsor (James) has
nominated the waiting mentee (Kwame), who reads the reason on the programme's page and may
apply. Made through the same service the nominations page uses. Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.demo import data
from portal.demo.programmes_seed import PROGRAMME_MANAGER, WAITING_MENTEE
from portal.people.models import Format, User
from portal.programmes import services
from portal.programmes.models import Cohort, Cycle, Programme

SPONSOR = f"james.whitfield@{data.COMPANY_DOMAIN}"
SLUG = "board-readiness"
REASON = (
    "Kwame led the data platform rebuild across two units this year and is the person I would "
    "put in front of the board next; this programme gets him ready for that."
)


@transaction.atomic
def seed_nominations() -> None:
    if Programme.objects.filter(slug=SLUG).exists():
        return  # seeded before: leave it, and whatever staff changed since, alone
    today = timezone.localdate()
    programme = Programme.objects.create(
        slug=SLUG,
        name="Board Readiness",
        purpose=(
            "Six months with a non-executive director for leaders the group is preparing for "
            "board-facing roles. By nomination from a sponsor or the programme team only."
        ),
        strategic_priority="A bench for board-facing roles",
        hours_per_month=3,
        duration_months=6,
        nomination_required=True,
        is_open=True,
    )
    programme.formats.add(*Format.objects.filter(code="one_on_one"))
    manager = User.objects.filter(email=PROGRAMME_MANAGER).first()
    if manager is not None:
        programme.managers.add(manager)
    cycle = Cycle.objects.create(
        programme=programme,
        name=f"Board Readiness {today.year + 1}",
        starts_on=today + timedelta(days=45),
        ends_on=today + timedelta(days=45 + 182),
        seats=6,
    )
    Cohort.objects.create(cycle=cycle, name="Board candidates")
    sponsor = User.objects.filter(email=SPONSOR).first()
    nominee = User.objects.filter(email=WAITING_MENTEE).first()
    if sponsor is not None and nominee is not None:
        services.nominate(programme, nominee, sponsor, REASON)
