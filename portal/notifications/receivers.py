"""Wagtail sends its own moderation emails (submitted, approved, rejected) from signal receivers
that wagtail.admin connects in its ready(). The library's review events reach people through
this module instead (content/receivers.py), so Wagtail's are disconnected: one email per event,
in the portal's look, honouring each person's preferences. That is why this app is listed after
wagtail.admin in INSTALLED_APPS.

The people app sits below this one, so it announces role requests by signal
(portal/people/signals.py) and the receivers here tell the people concerned."""

from django.dispatch import receiver
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from portal.notifications import kinds
from portal.notifications.services import notify
from portal.people.models import RoleRequest, User
from portal.people.roles import Role
from portal.people.signals import (
    onboarding_completed,
    role_request_decided,
    role_requested,
    vetting_decided,
)

WAGTAIL_EMAILERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
)


@receiver(role_requested, dispatch_uid="notify-role-requested")
def _role_requested(sender, request, **kwargs) -> None:
    managers = User.objects.filter(groups__name=Role.PROGRAMME_MANAGER.value, is_active=True)
    notify(
        managers,
        kinds.ROLE_REQUESTED,
        title=f"{request.person} asks to be a {request.role.lower()}",
        url=reverse("people_role_requests"),
        body="Approve the request to give the role, or decline it with a reason they will read.",
        actor=request.person,
    )


@receiver(role_request_decided, dispatch_uid="notify-role-request-decided")
def _role_request_decided(sender, request, **kwargs) -> None:
    role = request.role.lower()
    if request.status == RoleRequest.Status.APPROVED:
        title, body = (
            f"You are now a {role}",
            "Your request was approved: your home page shows what to do first.",
        )
    else:
        title, body = (
            f"Your request to be a {role} was declined",
            f"The programme team says: {request.reason}",
        )
    notify(
        [request.person],
        kinds.ROLE_REQUEST_DECIDED,
        title=title,
        url=reverse("home"),
        body=body,
        actor=request.decided_by,
    )


@receiver(onboarding_completed, dispatch_uid="notify-onboarding-completed")
def _onboarding_completed(sender, mentor, actor, **kwargs) -> None:
    notify(
        [mentor.user],
        kinds.ONBOARDING_DONE,
        title="Your onboarding is complete: you are listed as a mentor",
        body="Mentees can now find you in the catalog, and the programme team can match you.",
        url=reverse("catalog:edit_profile"),
        actor=actor,
    )


@receiver(vetting_decided, dispatch_uid="notify-vetting-decided")
def _vetting_decided(sender, mentor, actor, **kwargs) -> None:
    if mentor.vetting_status == mentor.Vetting.APPROVED:
        title = "Your vetting is approved"
        body = (
            f"It holds until {mentor.vetting_expires_on:%-d %B %Y}. Once your catalog profile "
            "and onboarding are complete, mentees can find you."
        )
    elif mentor.vetting_status == mentor.Vetting.EXPIRED:
        title = "Your vetting has expired"
        body = (
            "You are no longer listed or matched, and your engagements' pages are closed to "
            "you until the programme team renews your vetting."
        )
    elif mentor.vetting_status == mentor.Vetting.PENDING:
        title = "Your due diligence is open again"
        body = "The programme team reopened your checks; see what is still needed."
    else:
        title = "Your vetting was not approved"
        body = "The programme team will tell you why; your profile stays as it is."
    notify(
        [mentor.user],
        kinds.VETTING_DECIDED,
        title=title,
        body=body,
        url=reverse("governance:my_vetting"),
        actor=actor,
    )


def silence_wagtail_emails() -> None:
    for signal, sender, dispatch_uid in WAGTAIL_EMAILERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
