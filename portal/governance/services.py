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

Changes of state in governance. External experts' due diligence: the expert's details and
evidence, the checks, the approval chain (programme manager, then sponsor) and the daily
expiry review. Each step is recorded on the person (Wagtail log: who, what, why) and told to
whoever acts next (notifications). MentorProfile's vetting is set through people.services."""

import uuid
from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Revision

from portal import gates
from portal.governance import evidence as evidence_rules
from portal.governance import queries
from portal.governance.models import (
    Acknowledgement,
    ChecklistItem,
    ConflictDeclaration,
    Evidence,
    ExpertVetting,
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
from portal.people import services as people_services
from portal.people.catalog.services import declare_expertise, mentor_profile_of
from portal.people.models import BusinessUnit, MentorProfile, User
from portal.people.roles import Role, may_manage_people, may_manage_programmes

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
CONFLICT_WITHDRAWN = "governance.conflict_withdrawn"

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


def withdraw_conflict(declaration_id: int, declarer: User) -> ConflictDeclaration:
    """The declarer takes back a declaration still waiting or accepted (the relationship has
    ended, say): it stops being a rule in matching from the next run, and the trail keeps both
    the declaration and the withdrawal. One conditional UPDATE, so a review at the same moment
    either comes first (and the withdrawal then applies to its outcome) or finds it gone."""
    with transaction.atomic():
        declaration: ConflictDeclaration = ConflictDeclaration.objects.declared_by(declarer).get(
            pk=declaration_id
        )
        previous = declaration.status
        taken_back = ConflictDeclaration.objects.filter(
            pk=declaration.pk,
            status__in=(ConflictDeclaration.Status.PENDING, ConflictDeclaration.Status.ACCEPTED),
        ).update(status=ConflictDeclaration.Status.WITHDRAWN)
        declaration.refresh_from_db()
        if not taken_back:
            raise GovernanceError(
                f"This declaration is {declaration.get_status_display().lower()}: there is "
                "nothing to withdraw."
            )
        log(
            instance=declaration,
            action=CONFLICT_WITHDRAWN,
            user=declarer,
            data={"kind": declaration.kind, "was": previous},
        )
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
            [user.pk],
            {v.policy.programme_id for v in versions if v.policy.programme_id is not None},
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


# Wagtail log actions (registered in wagtail_hooks.py), logged on the expert (PersonLogEntry).
DETAILS_GIVEN = "governance.expert_details_given"
EVIDENCE_ADDED = "governance.evidence_added"
ITEM_CHECKED = "governance.item_checked"
ITEM_REOPENED = "governance.item_reopened"
MANAGER_APPROVED = "governance.manager_approved"
EXPIRY_REMINDED = "governance.expiry_reminded"

VETTING_MONTHS = 12
REMINDER_DAYS = 30
# Stages in which the checklist is open: evidence added, items checked, details changed (an
# expired vetting is renewed through the same checks and both approvals again).
OPEN_STAGES = (ExpertVetting.Stage.COLLECTING, ExpertVetting.Stage.EXPIRED)


class VettingError(Exception):
    """A due-diligence step refused, with the sentence to show the person who tried."""


def default_expiry(today: date) -> date:
    """Twelve months from `today` (the 28th at the latest, so every month has the day)."""
    month = today.month - 1 + VETTING_MONTHS
    return today.replace(
        year=today.year + month // 12, month=month % 12 + 1, day=min(today.day, 28)
    )


def _record(vetting: ExpertVetting, action: str, actor: User | None, **data: Any) -> None:
    log(instance=vetting.mentor.user, action=action, user=actor, data=data)


def _managers() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=Role.PROGRAMME_MANAGER.value).distinct()
    )


def _sponsors() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=Role.SPONSOR.value).distinct())


@transaction.atomic
def due_diligence_of(user: User) -> ExpertVetting:
    """The external expert's own due diligence, with its seven items, created on first use."""
    if not user.has_role(Role.EXTERNAL_EXPERT):
        raise VettingError("Due diligence is for external experts.")
    mentor = mentor_profile_of(user)
    if mentor.kind != MentorProfile.Kind.EXTERNAL:
        raise VettingError("Your mentor profile is an internal leader's: nothing to vet.")
    vetting, created = ExpertVetting.objects.get_or_create(mentor=mentor)
    if created:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(vetting=vetting, kind=kind, position=position)
            for position, kind in enumerate(ChecklistItem.Check)
        )
    return vetting


@transaction.atomic
def save_expert_details(
    user: User, data: Mapping[str, Any], competency_ids: Iterable[int]
) -> ExpertVetting:
    """The expert's sign-up details: firm, hours a month, compensation (pro bono, or a day
    rate with a cap), contract reference, and expertise (strengths in the catalog)."""
    vetting = due_diligence_of(user)
    if vetting.stage not in OPEN_STAGES:
        raise VettingError("Your due diligence is with the approvers: your terms are fixed now.")
    pro_bono = data["compensation"] == ExpertVetting.Compensation.PRO_BONO
    vetting.firm = data["firm"].strip()
    vetting.compensation = data["compensation"]
    vetting.day_rate = None if pro_bono else data["day_rate"]
    vetting.fee_cap = None if pro_bono else data["fee_cap"]
    vetting.contract_reference = data["contract_reference"].strip()
    vetting.details_given_at = timezone.now()
    vetting.save()
    declare_expertise(user, competency_ids, data["monthly_hours"])
    _record(vetting, DETAILS_GIVEN, user, reason="")
    return vetting


@transaction.atomic
def add_evidence(item: ChecklistItem, actor: User, upload: UploadedFile) -> Evidence:
    """Keep `upload` as evidence for `item` under a generated name, after checking its size and
    its type by content. `item` comes from a scoped query (queries.items_uploadable_by)."""
    head = upload.read(evidence_rules.HEAD_BYTES)
    upload.seek(0)
    size = upload.size or 0
    refused = evidence_rules.problem(size, head)
    sniffed = evidence_rules.sniff(head)
    if refused or sniffed is None:
        raise VettingError(refused or evidence_rules.NOT_ACCEPTED)
    content_type, extension = sniffed
    if item.vetting.stage not in OPEN_STAGES:
        raise VettingError("This due diligence is with the approvers: no more evidence is added.")
    record = Evidence(item=item, content_type=content_type, size=size, uploaded_by=actor)
    record.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    # The file is written before the row: a row that fails to save must not leave it behind.
    try:
        record.save()
    except Exception:
        record.file.delete(save=False)
        raise
    _record(item.vetting, EVIDENCE_ADDED, actor, item=item.kind, reason="")
    return record


@transaction.atomic
def mark_item(item_id: int, actor: User, complete: bool, note: str) -> ChecklistItem:
    """A programme manager marks a checklist item checked (with what they found) or reopens it."""
    if not may_manage_people(actor):
        raise VettingError("Only the programme team checks due diligence.")
    item = (
        ChecklistItem.objects.select_for_update()
        .select_related("vetting__mentor__user")
        .get(pk=item_id)
    )
    if item.vetting.mentor.user_id == actor.pk:
        raise VettingError("You cannot check your own due diligence; ask another manager.")
    if item.vetting.stage not in OPEN_STAGES:
        raise VettingError(
            "This due diligence is past the checklist: reject it to reopen the checks."
        )
    if complete and not note.strip():
        raise VettingError("Say what you checked: the note is kept with the item.")
    item.complete = complete
    item.note = note.strip()
    item.checked_by, item.checked_at = (actor, timezone.now()) if complete else (None, None)
    item.save()
    _record(
        item.vetting,
        ITEM_CHECKED if complete else ITEM_REOPENED,
        actor,
        item=item.kind,
        reason=item.note,
    )
    return item


def missing_items(vetting: ExpertVetting) -> list[str]:
    """The checklist items not yet complete, by name."""
    return [item.get_kind_display() for item in vetting.items.all() if not item.complete]


def _locked(vetting_id: int) -> ExpertVetting:
    return (
        ExpertVetting.objects.select_for_update().select_related("mentor__user").get(pk=vetting_id)
    )


def incomplete_message(missing: list[str]) -> str:
    """Why an approval with checks still open is refused."""
    return f"Not every check is complete: {', '.join(missing)}. Nothing was changed."


@transaction.atomic
def manager_approve(
    vetting_id: int, actor: User, expires_on: date, reason: str, today: date | None = None
) -> ExpertVetting:
    """The first approval: a programme manager, once every item is complete and the expert's
    details are given, with the vetting's expiry date (in the future). A sponsor approves next."""
    today = today or timezone.now().date()
    vetting = _locked(vetting_id)
    if not may_manage_people(actor):
        raise VettingError("Only a programme manager gives the first approval.")
    if vetting.mentor.user_id == actor.pk:
        raise VettingError("You cannot approve your own due diligence; ask another manager.")
    if vetting.stage not in OPEN_STAGES:
        raise VettingError(
            f"This due diligence is {vetting.get_stage_display().lower()}; nothing was changed."
        )
    if vetting.details_given_at is None:
        raise VettingError(
            "The expert has not given their details (firm, hours, compensation) yet; "
            "nothing was changed."
        )
    missing = missing_items(vetting)
    if missing:
        raise VettingError(incomplete_message(missing))
    if expires_on <= today:
        raise VettingError("The vetting's expiry date must be in the future.")
    if not reason.strip():
        raise VettingError("Say why you approve: it is kept on the expert's page.")
    vetting.stage = ExpertVetting.Stage.AWAITING_SPONSOR
    vetting.expires_on = expires_on
    vetting.manager_approved_by, vetting.manager_approved_at = actor, timezone.now()
    vetting.sponsor_approved_by = vetting.sponsor_approved_at = None
    vetting.save()
    _record(
        vetting, MANAGER_APPROVED, actor, expires_on=expires_on.isoformat(), reason=reason.strip()
    )
    expert = vetting.mentor.user
    notify(
        _sponsors(),
        kinds.VETTING_AWAITS_SPONSOR,
        title=f"{expert} awaits your approval as an external expert",
        body=f"{actor} approved the due diligence; it would hold until {expires_on:%-d %B %Y}.",
        url=reverse("governance:sponsor_review", args=[vetting.pk]),
        actor=actor,
    )
    notify(
        [expert],
        kinds.VETTING_PROGRESS,
        title="The programme manager approved your due diligence",
        body="A sponsor approves next; you are told when they have.",
        url=reverse("governance:my_vetting"),
        actor=actor,
    )
    return vetting


@transaction.atomic
def sponsor_approve(vetting_id: int, actor: User, reason: str) -> ExpertVetting:
    """The second approval: a sponsor. Only now is the expert's vetting approved (listed and
    matchable once their profile and onboarding are complete) until the expiry date."""
    vetting = _locked(vetting_id)
    if not actor.has_role(Role.SPONSOR) or not actor.is_active:
        raise VettingError("Only a sponsor gives the second approval.")
    if actor.pk in (vetting.mentor.user_id, vetting.manager_approved_by_id):
        raise VettingError("The second approval comes from someone else; ask another sponsor.")
    if vetting.stage != ExpertVetting.Stage.AWAITING_SPONSOR:
        raise VettingError(
            f"This due diligence is {vetting.get_stage_display().lower()}; nothing was changed."
        )
    if vetting.expires_on is None or vetting.expires_on <= timezone.now().date():
        raise VettingError(
            "The expiry date the programme manager chose has passed; they must approve again."
        )
    if not reason.strip():
        raise VettingError("Say why you approve: it is kept on the expert's record.")
    vetting.stage = ExpertVetting.Stage.APPROVED
    vetting.sponsor_approved_by, vetting.sponsor_approved_at = actor, timezone.now()
    vetting.save()
    people_services.record_vetting(
        vetting.mentor_id,
        actor,
        MentorProfile.Vetting.APPROVED,
        reason.strip(),
        expires_on=vetting.expires_on,
    )
    return vetting


@transaction.atomic
def reject(vetting_id: int, actor: User, reason: str) -> ExpertVetting:
    """A programme manager (while collecting or awaiting the sponsor) or a sponsor (while
    awaiting them) rejects, with a reason the expert reads. The expert is no longer vetted."""
    vetting = _locked(vetting_id)
    manager = may_manage_people(actor)
    sponsor = actor.is_active and actor.has_role(Role.SPONSOR)
    if vetting.mentor.user_id == actor.pk:
        raise VettingError("You cannot decide your own due diligence.")
    allowed = (manager and vetting.stage != ExpertVetting.Stage.REJECTED) or (
        sponsor and vetting.stage == ExpertVetting.Stage.AWAITING_SPONSOR
    )
    if not allowed:
        raise VettingError(
            f"This due diligence is {vetting.get_stage_display().lower()}; nothing was changed."
        )
    if not reason.strip():
        raise VettingError("Say why you reject: the expert reads it.")
    vetting.stage = ExpertVetting.Stage.REJECTED
    vetting.rejected_by, vetting.rejection_reason = actor, reason.strip()
    vetting.save()
    people_services.record_vetting(
        vetting.mentor_id, actor, MentorProfile.Vetting.REJECTED, reason.strip()
    )
    return vetting


@transaction.atomic
def reopen(vetting_id: int, actor: User, reason: str) -> ExpertVetting:
    """A programme manager reopens a rejected due diligence for another round of checks."""
    vetting = _locked(vetting_id)
    if not may_manage_people(actor) or vetting.mentor.user_id == actor.pk:
        raise VettingError("Only another programme manager reopens a due diligence.")
    if vetting.stage != ExpertVetting.Stage.REJECTED:
        raise VettingError("Only a rejected due diligence is reopened; nothing was changed.")
    vetting.stage = ExpertVetting.Stage.COLLECTING
    vetting.save(update_fields=["stage"])
    people_services.record_vetting(
        vetting.mentor_id, actor, MentorProfile.Vetting.PENDING, reason.strip()
    )
    return vetting


def review_expiries(today: date | None = None) -> tuple[int, int]:
    """The daily review (manage.py review_vetting, from cron): remind the expert and the
    manager who approved 30 days before the expiry date, once per date, and mark the vettings
    whose date has come as expired. Idempotent. Returns (reminded, expired)."""
    today = today or timezone.now().date()
    reminded = expired = 0
    due = ExpertVetting.objects.filter(
        stage=ExpertVetting.Stage.APPROVED,
        expires_on__gt=today,
        expires_on__lte=today + timedelta(days=REMINDER_DAYS),
    ).exclude(reminded_for=F("expires_on"))
    for vetting in due.select_related("mentor__user", "manager_approved_by"):
        if vetting.expires_on is None:  # never: the filter above needs a date
            continue
        with transaction.atomic():
            _remind(vetting, vetting.expires_on)
        reminded += 1
    for vetting_id in ExpertVetting.objects.filter(
        stage=ExpertVetting.Stage.APPROVED, expires_on__lte=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            vetting = _locked(vetting_id)
            vetting.stage = ExpertVetting.Stage.EXPIRED
            vetting.save(update_fields=["stage"])
            people_services.record_vetting(
                vetting.mentor_id, None, MentorProfile.Vetting.EXPIRED, "The vetting expired."
            )
            notify(
                [vetting.manager_approved_by] if vetting.manager_approved_by else _managers(),
                kinds.VETTING_EXPIRING,
                title=f"{vetting.mentor.user}'s vetting has expired",
                body="They are no longer listed or matched; renew the due diligence with them.",
                url=reverse("governance_expert", args=[vetting.pk]),
            )
        expired += 1
    return reminded, expired


def _remind(vetting: ExpertVetting, expires_on: date) -> None:
    ExpertVetting.objects.filter(pk=vetting.pk).update(reminded_for=expires_on)
    when = f"{expires_on:%-d %B %Y}"
    expert = vetting.mentor.user
    notify(
        [expert],
        kinds.VETTING_EXPIRING,
        title=f"Your vetting expires on {when}",
        body="Talk to the programme team about renewing it, so you stay listed and matched.",
        url=reverse("governance:my_vetting"),
    )
    notify(
        [vetting.manager_approved_by] if vetting.manager_approved_by else _managers(),
        kinds.VETTING_EXPIRING,
        title=f"{expert}'s vetting expires on {when}",
        body="Renew the due diligence with them before then, or they stop being listed.",
        url=reverse("governance_expert", args=[vetting.pk]),
    )
    _record(vetting, EXPIRY_REMINDED, None, expires_on=expires_on.isoformat(), reason="")
