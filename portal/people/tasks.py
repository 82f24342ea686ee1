"""Background work for membership: the invitation email.

`send_invitation` is the one function that delivers an invitation. An invitation goes to an
address, not yet to a person, so it is no notification (no inbox, no preferences): it is a plain
email, retried like theirs (`portal.tasks.retry_later`) when the mail server fails. The token
is made here, when the email is written, so it exists only in the email: the database keeps
its hash, and a resend makes the earlier link stop working.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

from portal.people.models import Invitation
from portal.people.services import new_invitation_token
from portal.tasks import retry_later

logger = logging.getLogger(__name__)


@task()
def send_invitation(invitation_id: int, failures: int = 0) -> None:
    invitation = Invitation.objects.select_related("invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_open():
        return
    token, token_hash = new_invitation_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)
    link = f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse('account_signup')}?invitation={token}"
    context = {"invitation": invitation, "link": link}
    try:
        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}You are invited to join Lodestar",
            message=render_to_string("people/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except Exception as error:
        failures += 1
        if retry_later(send_invitation, failures, invitation.pk, failures):
            logger.warning(
                "Invitation %s not sent (%s); trying again later",
                invitation.pk,
                type(error).__name__,
            )
        else:
            logger.error(
                "Invitation %s not sent after %s attempts (%s)",
                invitation.pk,
                failures,
                type(error).__name__,
            )
