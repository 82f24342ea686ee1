"""Wagtail sends its own moderation emails (submitted, approved, rejected) from signal receivers
that wagtail.admin connects in its ready(). The library's review events reach people through
this module instead (content/receivers.py), so Wagtail's are disconnected: one email per event,
in the portal's look, honouring each person's preferences. That is why this app is listed after
wagtail.admin in INSTALLED_APPS."""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

WAGTAIL_EMAILERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
)


def silence_wagtail_emails() -> None:
    for signal, sender, dispatch_uid in WAGTAIL_EMAILERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
