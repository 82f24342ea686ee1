"""Background work for engagements: sending the pair's emails (with a calendar invite).

Enqueued only by `services.tell`, the one place the workspace tells someone something; when the
notifications module lands, `tell` routes through it and this task goes.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from django_tasks import task

from portal.people.models import User


@task()
def send_email(recipient_ids: list[int], subject: str, body: str, invite: str = "") -> None:
    """Email each active recipient on their own (no one sees another's address); attach the
    calendar invite when there is one. A method line inside the invite says REQUEST or CANCEL."""
    method = "CANCEL" if "METHOD:CANCEL" in invite else "REQUEST"
    for email in User.objects.filter(pk__in=recipient_ids, is_active=True).values_list(
        "email", flat=True
    ):
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        if invite:
            message.attach("invite.ics", invite, f"text/calendar; method={method}; charset=utf-8")
        message.send()
