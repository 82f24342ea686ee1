"""Changes of state in governance. External experts' due diligence: the expert's details and
evidence, the checks, the approval chain (programme manager, then sponsor) and the daily
expiry review. Each step is recorded on the person (Wagtail log: who, what, why) and told to
whoever acts next (notifications). MentorProfile's vetting is set through people.services."""

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

from portal.governance import evidence as evidence_rules
from portal.governance.models import ChecklistItem, Evidence, ExpertVetting
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.people import services as people_services
from portal.people.catalog.services import declare_expertise, mentor_profile_of
from portal.people.models import MentorProfile, User
from portal.people.roles import Role, may_manage_people

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
        raise VettingError(
            f"Not every check is complete: {', '.join(missing)}. Nothing was changed."
        )
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
