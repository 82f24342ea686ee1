"""Changes of state in the governance registers, one function per intention.

Risks, their mitigations and the reviews' decisions and actions are edited in the admin's
forms (Wagtail's viewsets save and log them, viewsets.py); what else changes goes through here
and is logged in GovernanceLogEntry through `wagtail.log_actions.log`.

Changes of state in governance, one function per intention; every decision is a Wagtail log
entry with who, what and why (never the confidential description).

The conflict-of-interest register: a participant declares a conflict with a person or a
business unit; a programme manager accepts it (a hard rule in matching), notes it, or rejects
it with a reason; the declarer is told (docs/decisions/0019-conflicts-and-reporting-lines.md).

Changes of state for charters and policies: a published policy becomes a numbered version,
people acknowledge versions, managers remind those outstanding. Each is logged in Wagtail's
log entries (the audit trail) with who and which version; nothing personal goes in the log.

`unacknowledged` is the condition governance puts on applying, being matched and posting
(registered with portal.gates in GovernanceConfig.ready).
"""

from collections.abc import Collection, Iterable
from datetime import date
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Revision

from portal import gates
from portal.governance import queries
from portal.governance.models import (
    Acknowledgement,
    ConflictDeclaration,
    GovernanceReview,
    IncidentLink,
    Mitigation,
    Policy,
    PolicyVersion,
    Risk,
)
from portal.notifications import kinds
from portal.notifications.kinds import MITIGATION_OVERDUE, RISK_REVIEW_DUE
from portal.notifications.services import notify
from portal.people.models import BusinessUnit, User
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


CONFLICT_DECLARED = "governance.conflict_declared"
CONFLICT_ACCEPTED = "governance.conflict_accepted"
CONFLICT_NOTED = "governance.conflict_noted"
CONFLICT_REJECTED = "governance.conflict_rejected"

WITH_ONESELF = "You cannot declare a conflict of interest with yourself."
REJECT_NEEDS_A_REASON = "Say why you reject it: the person who declared it reads this."


@transaction.atomic
def declare_conflict(
    declarer: User,
    kind: str,
    *,
    other_person: User | None = None,
    business_unit: BusinessUnit | None = None,
    description: str = "",
) -> ConflictDeclaration:
    """Record a declaration waiting for a programme manager's review.

    Exactly one of `other_person` and `business_unit`; never oneself; one open declaration
    (waiting or accepted) per person or unit, so a second one adds nothing to review."""
    if (other_person is None) == (business_unit is None):
        raise GovernanceError("Name either one person or one business unit.")
    if other_person is not None and other_person.pk == declarer.pk:
        raise GovernanceError(WITH_ONESELF)
    if kind not in ConflictDeclaration.Kind.values:
        raise GovernanceError("Choose what kind of conflict it is.")
    open_ones = ConflictDeclaration.objects.filter(
        declarer=declarer,
        other_person=other_person,
        business_unit=business_unit,
        status__in=(ConflictDeclaration.Status.PENDING, ConflictDeclaration.Status.ACCEPTED),
    )
    if open_ones.exists():
        target = other_person or f"{business_unit} (business unit)"
        raise GovernanceError(f"You have already declared a conflict with {target}.")
    declaration = ConflictDeclaration.objects.create(
        declarer=declarer,
        other_person=other_person,
        business_unit=business_unit,
        kind=kind,
        description=description.strip()[:500],
    )
    log(instance=declaration, action=CONFLICT_DECLARED, user=declarer, data={"kind": kind})
    return declaration


DECISIONS: dict[str, str] = {
    ConflictDeclaration.Status.ACCEPTED: CONFLICT_ACCEPTED,
    ConflictDeclaration.Status.NOTED: CONFLICT_NOTED,
    ConflictDeclaration.Status.REJECTED: CONFLICT_REJECTED,
}


def review_conflict(
    declaration_id: int, reviewer: User, decision: str, reason: str = ""
) -> ConflictDeclaration:
    """Accept (a hard rule in matching from the next run), note only, or reject with a reason.

    Two managers deciding at once: the status leaves "pending" in one conditional UPDATE, so
    the first decision stands and the second gets a GovernanceError saying who decided. Only a
    declaration the reviewer may review (queries.reviewable_conflicts), never their own."""
    reason = (reason or "").strip()[:500]
    if decision not in DECISIONS:
        raise GovernanceError("Choose accept, note only or reject.")
    if decision == ConflictDeclaration.Status.REJECTED and not reason:
        raise GovernanceError(REJECT_NEEDS_A_REASON)
    with transaction.atomic():
        declaration = (
            queries.reviewable_conflicts(reviewer)
            .select_related("declarer", "reviewed_by")
            .get(pk=declaration_id)
        )
        if declaration.declarer_id == reviewer.pk:
            raise GovernanceError("You cannot review your own declaration; ask another manager.")
        claimed = ConflictDeclaration.objects.filter(
            pk=declaration.pk, status=ConflictDeclaration.Status.PENDING
        ).update(status=decision, reason=reason, reviewed_by=reviewer, reviewed_at=timezone.now())
        declaration.refresh_from_db()
        if not claimed:
            who = declaration.reviewed_by or "Someone"
            raise GovernanceError(
                f"{who} already reviewed this declaration "
                f"({declaration.get_status_display().lower()}); nothing was changed."
            )
        log(
            instance=declaration,
            action=DECISIONS[decision],
            user=reviewer,
            data={"decision": decision, "kind": declaration.kind, "reason": reason},
        )
        _tell_reviewed(declaration, reviewer)
    return declaration


def _tell_reviewed(declaration: ConflictDeclaration, reviewer: User) -> None:
    outcome = {
        ConflictDeclaration.Status.ACCEPTED: "accepted: matching will never pair you",
        ConflictDeclaration.Status.NOTED: "noted on the record (matching does not use it)",
        ConflictDeclaration.Status.REJECTED: "rejected",
    }[ConflictDeclaration.Status(declaration.status)]
    because = f" {reviewer} wrote: “{declaration.reason}”" if declaration.reason else ""
    notify(
        [declaration.declarer],
        kinds.CONFLICT_REVIEWED,
        title=f"Your conflict of interest with {declaration.concerns} was {outcome}",
        body=f"Reviewed by {reviewer}.{because}",
        url=reverse("governance:conflicts"),
        actor=reviewer,
    )


ACKNOWLEDGE = "governance.acknowledge"
REMIND = "governance.remind"


@transaction.atomic
def record_version(
    policy: Policy, revision: Revision | None, user: User | None = None
) -> PolicyVersion:
    """The policy was published: its text is version N+1, which everyone in its audience is
    asked to acknowledge (an acknowledgement of an earlier version no longer counts)."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    last = policy.versions.aggregate(last=Max("number"))["last"] or 0
    return PolicyVersion.objects.create(
        policy=policy,
        number=last + 1,
        revision=revision,
        published_by=user,
        published_at=timezone.now(),
    )


def acknowledge(user: User, versions: Iterable[PolicyVersion]) -> list[Acknowledgement]:
    """Record that `user` read and accepts each version (again is harmless: nothing new).

    Only a current version that applies to the person can be acknowledged: a stale or foreign
    one is refused with ValueError, so a crafted form cannot record what was never shown."""
    versions = list(versions)
    due = {
        v.pk
        for v in queries.outstanding(
            [user.pk], {v.policy.programme_id for v in versions} - {None}
        ).get(user.pk, [])
    }
    made = []
    with transaction.atomic():
        for version in versions:
            if version.pk not in due:
                if Acknowledgement.objects.filter(version=version, person=user).exists():
                    continue
                raise ValueError(f"{version} is not one you are asked to acknowledge.")
            try:
                with transaction.atomic():
                    made.append(Acknowledgement.objects.create(version=version, person=user))
            except IntegrityError:  # the same form sent twice at once
                continue
            log(
                instance=version.policy,
                action=ACKNOWLEDGE,
                user=user,
                data={"version": version.number},
            )
    return made


def acknowledge_url(programme_id: int | None = None, next_url: str | None = None) -> str:
    query = {}
    if programme_id:
        query["programme"] = str(programme_id)
    if next_url:
        query["next"] = next_url
    url = reverse("governance:acknowledge")
    return f"{url}?{urlencode(query)}" if query else url


def remind_outstanding(version: PolicyVersion, actor: User) -> int:
    """Tell everyone who has not acknowledged the version yet; returns how many were told."""
    people = list(queries.outstanding_people(version))
    notify(
        people,
        kinds.POLICY_TO_ACKNOWLEDGE,
        title=f"Please read and acknowledge {version.policy.title} (version {version.number})",
        body=version.policy.summary,
        url=acknowledge_url(version.policy.programme_id),
        actor=actor,
    )
    log(instance=version.policy, action=REMIND, user=actor, data={"version": version.number})
    return len(people)


def unacknowledged(
    user_ids: Collection[int], action: gates.Action, programme_id: int | None
) -> dict[int, list[gates.Unmet]]:
    """The gate: people with a current policy version (the organisation's, or the programme's
    when the action is in one) that applies to them and that they have not acknowledged."""
    found = queries.outstanding(user_ids, [programme_id] if programme_id else [])
    url = acknowledge_url(programme_id)
    return {
        user_id: [
            gates.Unmet(f"acknowledge {v.policy.title} (version {v.number})", url) for v in due
        ]
        for user_id, due in found.items()
    }
