"""Changes of state for programme applications and engagements. Every decision on an
application is recorded with who, when, why.

One function per intention: a sponsor or manager nominates someone into a nomination-only
programme; a person applies or withdraws; a programme manager admits, defers or removes; a
manager opens the next cycle and rolls a cycle's waiting list over to it (once, recorded); a
pair whose match both sides accepted starts an engagement.
"""

from collections.abc import Collection
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

from portal import gates
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.people.models import MentorProfile, Profile, User
from portal.people.roles import Role
from portal.programmes import eligibility, queries, waiting_list
from portal.programmes.models import (
    Application,
    ApplicationEvent,
    Cohort,
    CohortMembership,
    Cycle,
    Engagement,
    Nomination,
    Programme,
    ProgrammeLogEntry,
)

AUTOMATIC_ADMISSION = "A seat was free and a mentor with free places suits your goals."
NO_FITTING_COHORT = (
    "None of this cycle's cohorts is for your business unit or level yet; "
    "the programme team will place you."
)
NO_CYCLE = "No cycle is scheduled yet; the programme team will announce the next one."
NOT_A_MENTEE = "Programmes take mentees; you take part in another way."


class ApplicationError(Exception):
    """A change the rules do not allow; the message says why, for the person who asked."""


class NotEligible(ApplicationError):
    """The applicant does not meet the programme's rules; `reasons` lists each one."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class NoFreePlace(Exception):
    """The mentor's active engagements already fill their capacity (across every programme)."""


def _record(
    application: Application,
    action: str,
    actor: User | None,
    reason: str = "",
    at: datetime | None = None,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        action=action,
        actor=actor,
        reason=reason[:300],
        created_at=at or timezone.now(),
    )


# Wagtail log actions on the application (ProgrammeLogEntry, registered in wagtail_hooks.py):
# a programme manager's decisions on the waiting list, each one entry in the audit trail.
APPLICATION_ADMITTED = "programmes.application_admitted"
APPLICATION_DEFERRED = "programmes.application_deferred"
APPLICATION_REMOVED = "programmes.application_removed"


def _log_decision(application: Application, action: str, actor: User | None, reason: str) -> None:
    """The decision in the audit trail: who, when, on whom, in which cycle and cohort, and why."""
    log(
        instance=application,
        action=action,
        user=actor,
        data={
            "applicant": str(application.applicant),
            "applicant_id": application.applicant_id,
            "cycle": application.cycle.name,
            "cohort": application.cohort.name if application.cohort else "",
            "reason": reason[:300],
        },
    )


def _tell_admitted(application: Application, actor: User | None, reason: str = "") -> None:
    cohort = application.cohort
    seat = f"You have a seat in {cohort.name} ({application.cycle.name} cycle)." if cohort else ""
    notify(
        [application.applicant],
        kinds.ADMITTED,
        title=f"You are admitted to {application.programme.name}",
        body=" ".join(part for part in (seat, reason) if part),
        url=reverse("programmes:mine"),
        actor=actor,
    )


def _tell_waiting(applications: list[Application], actor: User | None, what: str) -> None:
    """Tell each applicant how their place on the list changed, with their position now."""
    positions = queries.waiting_positions(applications)
    for application in applications:
        position = positions.get(application.pk)
        where = (
            f" You are number {position} on the {application.cycle.name} list." if position else ""
        )
        notify(
            [application.applicant],
            kinds.WAITING_LIST_CHANGED,
            title=f"{what}: {application.programme.name}",
            body=f"{application.waiting_reason}{where}".strip(),
            url=reverse("programmes:mine"),
            actor=actor,
        )


def _required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Give a reason: the applicant and later reviewers will read it.")
    return reason


def eligibility_reasons(user: User, programme: Programme) -> list[str]:
    """Every rule of the programme the person does not meet (empty: eligible)."""
    facts = queries.applicant_facts(user)
    return eligibility.reasons_not_eligible(
        facts.for_programme(programme.pk), queries.rules_of(programme)
    )


def choose_cohort(cycle: Cycle, user: User) -> Cohort | None:
    """The cohort for a person: their business unit's, else their level's, else an open one."""
    profile = Profile.objects.filter(user=user).first()
    cohorts = list(cycle.cohorts.all())
    if profile is not None:
        for cohort in cohorts:
            if profile.business_unit_id and cohort.business_unit_id == profile.business_unit_id:
                return cohort
        for cohort in cohorts:
            if profile.level and cohort.level == profile.level:
                return cohort
    open_cohorts = [c for c in cohorts if c.business_unit_id is None and c.level is None]
    return open_cohorts[0] if open_cohorts else None


def _active_application(user: User, programme: Programme) -> Application | None:
    return Application.objects.filter(
        programme=programme, applicant=user, status__in=Application.ACTIVE
    ).first()


def _seats_left(cycle: Cycle) -> int:
    admitted = Application.objects.filter(cycle=cycle, status=Application.Status.ADMITTED).count()
    return cycle.seats - admitted


def _join_cohort(application: Application, cohort: Cohort) -> None:
    CohortMembership.objects.get_or_create(cohort=cohort, user=application.applicant)


def _leave_cohort(application: Application) -> None:
    if application.cohort_id:
        CohortMembership.objects.filter(
            cohort_id=application.cohort_id, user=application.applicant
        ).delete()


@transaction.atomic
def apply_to_programme(
    user: User, programme: Programme, *, at: datetime | None = None
) -> Application:
    """Apply: admitted into a cohort when a seat and a mentor are free, else on the waiting list.

    Idempotent: a person with an active application to the programme gets that one back.
    Raises NotEligible with every failing rule, and gates.Blocked while the person has policies
    to acknowledge first. `at` backdates the application (demo data).
    """
    if not user.has_role(Role.MENTEE):
        raise NotEligible([NOT_A_MENTEE])
    existing = _active_application(user, programme)
    if existing is not None:
        return existing
    # Policies to acknowledge first (governance's condition): raises gates.Blocked.
    gates.require(user.pk, gates.Action.APPLY, programme.pk)
    reasons = eligibility_reasons(user, programme)
    if reasons:
        raise NotEligible(reasons)
    now = at or timezone.now()
    cycle = queries.intake_cycle(list(programme.cycles.all()), timezone.localdate(now))
    if cycle is None:
        raise NotEligible([NO_CYCLE])
    # Lock the cycle so two people cannot take its last seat at once (a no-op on SQLite,
    # which serialises writers anyway).
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)

    cohort, reason = None, ""
    if _seats_left(cycle) <= 0:
        reason = waiting_list.seats_taken_reason(cycle.seats)
    else:
        available, reason = queries.mentor_available(user, programme)
        if available:
            cohort = choose_cohort(cycle, user)
            reason = "" if cohort else NO_FITTING_COHORT

    try:
        with transaction.atomic():
            application = Application.objects.create(
                programme=programme,
                cycle=cycle,
                applicant=user,
                status=Application.Status.ADMITTED if cohort else Application.Status.WAITING,
                cohort=cohort,
                waiting_reason=reason,
                applied_at=now,
            )
    except IntegrityError:
        # A second request from the same person got there first (double click).
        return Application.objects.get(
            programme=programme, applicant=user, status__in=Application.ACTIVE
        )
    _record(application, ApplicationEvent.Action.APPLIED, user, at=now)
    if cohort is not None:
        _join_cohort(application, cohort)
        _record(application, ApplicationEvent.Action.ADMITTED, None, AUTOMATIC_ADMISSION, at=now)
        _tell_admitted(application, None, AUTOMATIC_ADMISSION)
    else:
        _record(application, ApplicationEvent.Action.WAITLISTED, None, reason, at=now)
    return application


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)


@transaction.atomic
def admit_application(
    application: Application, actor: User, cohort: Cohort | None = None, reason: str = ""
) -> Application:
    """A programme manager admits a waiting or deferred applicant into a cohort."""
    application = _lock(application)
    if application.status not in (Application.Status.WAITING, Application.Status.DEFERRED):
        raise ApplicationError(f"This application is {application.get_status_display().lower()}.")
    if cohort is None:
        cohort = choose_cohort(application.cycle, application.applicant)
        if cohort is None:
            raise ApplicationError("Choose a cohort: none of this cycle's fits the applicant.")
    cycle = Cycle.objects.select_for_update().get(pk=cohort.cycle_id)
    if cycle.programme_id != application.programme_id:
        raise ApplicationError("That cohort belongs to another programme.")
    if _seats_left(cycle) <= 0:
        raise ApplicationError(
            f"{cycle.name} has no free seat ({cycle.seats} admitted). Raise its seats first."
        )
    application.status = Application.Status.ADMITTED
    application.cohort = cohort
    application.cycle = cycle
    application.waiting_reason = ""
    application.save()
    _join_cohort(application, cohort)
    _record(application, ApplicationEvent.Action.ADMITTED, actor, reason.strip())
    _log_decision(application, APPLICATION_ADMITTED, actor, reason.strip())
    _tell_admitted(application, actor, reason.strip())
    return application


@transaction.atomic
def defer_application(application: Application, actor: User, reason: str) -> Application:
    """Defer an applicant to a later cycle; the reason is shown to them."""
    reason = _required(reason)
    application = _lock(application)
    if application.status not in (Application.Status.WAITING, Application.Status.ADMITTED):
        raise ApplicationError(f"This application is {application.get_status_display().lower()}.")
    _leave_cohort(application)
    application.status = Application.Status.DEFERRED
    application.cohort = None
    application.waiting_reason = reason[:300]
    application.save()
    _record(application, ApplicationEvent.Action.DEFERRED, actor, reason)
    _log_decision(application, APPLICATION_DEFERRED, actor, reason)
    _tell_waiting([application], actor, "Deferred to a later cycle")
    return application


@transaction.atomic
def remove_application(application: Application, actor: User, reason: str) -> Application:
    """Take an application off the list (or out of its cohort); the reason is recorded."""
    reason = _required(reason)
    application = _lock(application)
    if application.status not in Application.ACTIVE:
        raise ApplicationError(f"This application is {application.get_status_display().lower()}.")
    _leave_cohort(application)
    application.status = Application.Status.REMOVED
    application.cohort = None
    application.waiting_reason = reason[:300]
    application.save()
    _record(application, ApplicationEvent.Action.REMOVED, actor, reason)
    _log_decision(application, APPLICATION_REMOVED, actor, reason)
    _tell_waiting([application], actor, "Your application was taken off the list")
    return application


@transaction.atomic
def withdraw_application(application: Application, user: User) -> Application:
    """The applicant withdraws their own application."""
    application = _lock(application)
    if application.applicant_id != user.pk:
        raise PermissionDenied
    if application.status not in Application.ACTIVE:
        raise ApplicationError(f"This application is {application.get_status_display().lower()}.")
    _leave_cohort(application)
    application.status = Application.Status.WITHDRAWN
    application.cohort = None
    application.save()
    _record(application, ApplicationEvent.Action.WITHDRAWN, user)
    return application


@transaction.atomic
def return_to_waiting_list(
    user: User, programme: Programme, actor: User | None, reason: str
) -> Application | None:
    """Put someone a matching run left out (or who declined) first in line for the next run.

    The application goes back to the waiting list marked carried over, so it sorts first; the
    person stays in their cohort, so the cohort's next matching run includes them.
    """
    application = (
        Application.objects.select_for_update()
        .filter(applicant=user, programme=programme, status__in=Application.ACTIVE)
        .first()
    )
    if application is None:
        return None
    application.status = Application.Status.WAITING
    application.carried_over = True
    application.waiting_reason = reason[:300]
    application.save(update_fields=["status", "carried_over", "waiting_reason", "updated_at"])
    _record(application, ApplicationEvent.Action.WAITLISTED, actor, reason)
    _tell_waiting([application], actor, "Back on the waiting list, first in line")
    return application


# Wagtail log actions on the cycle (ProgrammeLogEntry, registered in wagtail_hooks.py).
CYCLE_ROLLED_OVER = "programmes.cycle_rolled_over"
CYCLE_OPENED = "programmes.cycle_opened"
ROLLED_OVER = (Application.Status.WAITING, Application.Status.DEFERRED)


def following_cycle(cycle: Cycle) -> Cycle | None:
    """The programme's next cycle after `cycle` (by start date), or None."""
    return (
        Cycle.objects.filter(programme_id=cycle.programme_id, starts_on__gt=cycle.starts_on)
        .order_by("starts_on")
        .first()
    )


def roll_over_record(cycle: Cycle) -> ProgrammeLogEntry | None:
    """The record of `cycle`'s roll-over, or None while it has not been rolled over."""
    record: ProgrammeLogEntry | None = (
        ProgrammeLogEntry.objects.filter(
            content_type__app_label="programmes",
            content_type__model="cycle",
            object_id=str(cycle.pk),
            action=CYCLE_ROLLED_OVER,
        )
        .select_related("user")
        .first()
    )
    return record


@transaction.atomic
def carry_over_waiting_list(
    cycle: Cycle, actor: User | None, expected: Collection[int] | None = None
) -> int:
    """Move a cycle's waiting and deferred applicants to the next cycle, ahead of new ones.

    Once per cycle (recorded on the cycle): a second roll-over, from another tab or another
    manager, says who did it and changes nothing. `expected`: the applications the manager's
    preview showed; if the list has changed since, nothing moves and they are asked to look
    again."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    done = roll_over_record(cycle)
    if done is not None:
        by = f" by {done.user}" if done.user else ""
        raise ApplicationError(
            f"The waiting list of {cycle.name} was already rolled over to "
            f"{done.data.get('to', 'the next cycle')} on {done.timestamp:%d %B %Y}{by}; "
            "nothing was changed."
        )
    following = following_cycle(cycle)
    if following is None:
        raise ApplicationError("Schedule the next cycle first.")
    moved = list(
        Application.objects.select_for_update()
        .filter(cycle=cycle, status__in=ROLLED_OVER)
        .select_related("programme", "applicant")
        .order_by("pk")
    )
    if expected is not None and {a.pk for a in moved} != set(expected):
        raise ApplicationError(
            "The waiting list changed since the preview; nothing was moved. Check who carries "
            "over and confirm again."
        )
    reason = f"Carried over from {cycle.name}: placed ahead of new applicants."
    for application in moved:
        application.cycle = following
        application.status = Application.Status.WAITING
        application.carried_over = True
        application.waiting_reason = reason
        application.save()
        _record(application, ApplicationEvent.Action.WAITLISTED, actor, reason)
    log(
        instance=cycle,
        action=CYCLE_ROLLED_OVER,
        user=actor,
        data={"to": following.name, "carried_over": len(moved)},
    )
    _tell_waiting(moved, actor, f"Carried over to the {following.name} cycle")
    return len(moved)


@transaction.atomic
def open_next_cycle(
    cycle: Cycle, actor: User, name: str, starts_on: date, ends_on: date, seats: int
) -> Cycle:
    """Schedule the cycle after `cycle`, with the same cohorts (unit, level, priority), so its
    waiting list can be rolled over to it."""
    if starts_on <= cycle.starts_on:
        raise ApplicationError(f"The next cycle must start after {cycle.name} starts.")
    if ends_on <= starts_on:
        raise ApplicationError("The cycle must end after it starts.")
    if Cycle.objects.filter(programme_id=cycle.programme_id, name=name).exists():
        raise ApplicationError(f"{cycle.programme} already has a cycle called {name}.")
    opened = Cycle.objects.create(
        programme_id=cycle.programme_id,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        seats=seats,
    )
    Cohort.objects.bulk_create(
        Cohort(
            cycle=opened,
            name=cohort.name,
            business_unit_id=cohort.business_unit_id,
            level=cohort.level,
            strategic_priority=cohort.strategic_priority,
        )
        for cohort in cycle.cohorts.all()
    )
    log(instance=opened, action=CYCLE_OPENED, user=actor, data={"after": cycle.name})
    return opened


# --- nominations ----------------------------------------------------------------------------------


@transaction.atomic
def nominate(
    programme: Programme,
    nominee: User,
    actor: User,
    reason: str,
) -> Nomination:
    """Nominate `nominee` into a nomination-only programme `actor` may nominate for (a sponsor:
    any; a programme manager: theirs). The nominee reads the reason on the programme's page and
    may then apply; they are told through the notifications."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say why you nominate them: they will read it.")
    if not queries.nominatable_programmes(actor).filter(pk=programme.pk).exists():
        raise ApplicationError(f"You may not nominate people into {programme}.")
    if nominee.pk == actor.pk:
        raise ApplicationError("You cannot nominate yourself.")
    if not nominee.is_active:
        raise ApplicationError(f"{nominee}'s account is closed.")
    active = _active_application(nominee, programme)
    if active is not None:
        raise ApplicationError(
            f"{nominee} has already applied to {programme} "
            f"({active.get_status_display().lower()}): a nomination would change nothing."
        )
    earlier = Nomination.objects.filter(programme=programme, nominee=nominee).first()
    if earlier is not None:
        by = f" by {earlier.nominated_by}" if earlier.nominated_by else ""
        raise ApplicationError(
            f"{nominee} was already nominated for {programme}{by} on {earlier.created_at:%d %B %Y}."
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                programme=programme, nominee=nominee, nominated_by=actor, note=reason[:1000]
            )
    except IntegrityError:  # the same nomination, saved a moment ago from another tab
        raise ApplicationError(f"{nominee} was already nominated for {programme}.") from None
    notify(
        [nominee],
        kinds.NOMINATED,
        title=f"{actor} nominates you for {programme.name}",
        body=f"“{nomination.note}” The programme's page says what it asks; you can apply there.",
        url=reverse("programmes:detail", args=[programme.slug]),
        actor=actor,
    )
    return nomination


# --- engagements ------------------------------------------------------------------------------


@transaction.atomic
def start_engagement(
    mentee: User,
    mentor: MentorProfile,
    programme: Programme,
    cohort: Cohort | None = None,
    *,
    started_on: date | None = None,
) -> Engagement:
    """Start an active engagement of `mentee` with `mentor` in `programme`.

    Raises NoFreePlace when the mentor's active engagements, in any programme, already fill
    their capacity. `started_on` backdates the start (demo data); it defaults to today.
    """
    loaded = queries.with_mentor_load(MentorProfile.objects.select_related("user")).get(
        pk=mentor.pk
    )
    if loaded.free_places <= 0:
        raise NoFreePlace(
            f"{loaded.user} has no free place any more (capacity counts every programme)."
        )
    return Engagement.objects.create(
        mentee=mentee,
        mentor=mentor,
        programme=programme,
        cohort=cohort,
        status=Engagement.Status.ACTIVE,
        started_on=started_on or timezone.localdate(),
    )
