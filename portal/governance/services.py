"""Changes of state in the governance registers, one function per intention.

Risks, their mitigations and the reviews' decisions and actions are edited in the admin's
forms (Wagtail's viewsets save and log them, viewsets.py); what else changes goes through here
and is logged in GovernanceLogEntry through `wagtail.log_actions.log`.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

from portal.governance import queries
from portal.governance.models import GovernanceReview, IncidentLink, Mitigation, Risk
from portal.notifications.kinds import MITIGATION_OVERDUE, RISK_REVIEW_DUE
from portal.notifications.services import notify
from portal.people.models import User
from portal.people.roles import may_manage_programmes

INCIDENT_LINKED = "governance.incident_linked"
INCIDENT_UNLINKED = "governance.incident_unlinked"


class GovernanceError(Exception):
    """A change the registers' rules refuse; the message says why, for the person."""


# --- incidents ---------------------------------------------------------------------------------


@transaction.atomic
def link_incident(risk: Risk, incident: queries.Incident, user: User | None) -> IncidentLink:
    """Link `incident` (one of `queries.incidents_for(user)`) to `risk`, once; logged with the
    kind and the source's id, never the summary's wording."""
    link, created = IncidentLink.objects.get_or_create(
        risk=risk,
        kind=incident.kind,
        source_id=incident.source_id,
        defaults={
            "summary": incident.summary[:300],
            "occurred_on": incident.occurred_on,
            "linked_by": user,
        },
    )
    if not created:
        raise GovernanceError("That incident is already linked to this risk.")
    log(
        instance=risk,
        action=INCIDENT_LINKED,
        user=user,
        data={"kind": incident.kind, "source_id": incident.source_id},
    )
    return link


@transaction.atomic
def unlink_incident(link: IncidentLink, user: User | None) -> None:
    risk = link.risk
    data = {"kind": link.kind, "source_id": link.source_id}
    link.delete()
    log(instance=risk, action=INCIDENT_UNLINKED, user=user, data=data)


# --- reviews -------------------------------------------------------------------------------------


def prefill_agenda(review: GovernanceReview, today: date | None = None) -> GovernanceReview:
    """Fill a new review's agenda from the registers as they are today (one section per
    source, queries.AGENDA_SOURCES). The agenda is kept as it was: later changes to the
    registers show in the next quarter's review, not in this one's minutes."""
    sections = queries.agenda_sections(today or timezone.localdate())
    review.agenda = [section.as_data() for section in sections]
    return review


# --- reminders (manage.py send_risk_reminders, daily from cron) --------------------------------


def _url_for(person: User, risk: Risk) -> str:
    """Where the owner acts: the risk's admin page for someone who manages programmes, the
    register's entry for a sponsor."""
    if may_manage_programmes(person):
        return queries.admin_url_of(risk)
    return f"{reverse('governance:risks')}#risk-{risk.pk}"


def send_risk_reminders(today: date | None = None) -> int:
    """Tell each risk's owner when its review date arrives (once per review date) and each
    mitigation's owner when it is overdue (once per due date). Returns how many were told."""
    today = today or timezone.localdate()
    sent = 0
    # Each reminder is claimed by a conditional UPDATE first, so two runs at once tell once.
    for risk in queries.risks_due_reminder(today):
        with transaction.atomic():
            if (
                not Risk.objects.filter(pk=risk.pk)
                .exclude(reminded_for=risk.next_review_on)
                .update(reminded_for=risk.next_review_on)
            ):
                continue
            notify(
                [risk.owner],
                RISK_REVIEW_DUE,
                title=f"Time to review a risk: {risk.title}",
                body=f"The risk “{risk.title}” ({risk.scope_label}, score {risk.score}) is due "
                f"for review on {risk.next_review_on:%-d %B %Y}. Check its likelihood, impact "
                "and mitigations, and set the next review date.",
                url=_url_for(risk.owner, risk),
            )
            sent += 1
    for mitigation in queries.mitigations_due_reminder(today):
        with transaction.atomic():
            if (
                not Mitigation.objects.filter(pk=mitigation.pk)
                .exclude(reminded_for=mitigation.due_on)
                .update(reminded_for=mitigation.due_on)
            ):
                continue
            risk = mitigation.risk
            notify(
                [mitigation.owner],
                MITIGATION_OVERDUE,
                title=f"A mitigation is overdue: {mitigation.action}",
                body=f"“{mitigation.action}”, a mitigation of the risk “{risk.title}”, was due "
                f"on {mitigation.due_on:%-d %B %Y}. Mark it done or agree a new date.",
                url=_url_for(mitigation.owner, risk),
            )
            sent += 1
    return sent
