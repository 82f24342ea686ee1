"""Background work of the pair's workspace: the line manager's one-time rating link by email.

The link goes to the manager's address whether or not they ever sign in, so it is a plain email
(as invitations are, people.tasks), beside the inbox entry `services.ask_for_assessment` made.
The token is made here, when the email is written, so it exists only in the email: the database
keeps its hash, and a resend makes the earlier link stop working.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

from portal.engagements.models import ManagerLink
from portal.tasks import retry_later

logger = logging.getLogger(__name__)


@task()
def send_manager_link(link_id: int, failures: int = 0) -> None:
    from portal.engagements.services import PHASE_WORDS, new_link_token

    link = (
        ManagerLink.objects.select_related("manager", "engagement__mentee", "engagement__programme")
        .filter(pk=link_id)
        .first()
    )
    if link is None or not link.is_open() or not link.manager.email:
        return
    token, token_hash = new_link_token()
    ManagerLink.objects.filter(pk=link.pk).update(token_hash=token_hash)
    url = f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse('engagements:rate', args=[token])}"
    context = {"link": link, "url": url, "words": PHASE_WORDS[link.phase]}
    try:
        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Rate the development of "
            f"{link.engagement.mentee.get_full_name()}",
            message=render_to_string("engagements/email/manager_link.txt", context),
            from_email=None,
            recipient_list=[link.manager.email],
        )
    except Exception as error:
        failures += 1
        if retry_later(send_manager_link, failures, link.pk, failures):
            logger.warning(
                "Manager link %s not sent (%s); trying again later", link.pk, type(error).__name__
            )
        else:
            logger.error(
                "Manager link %s not sent after %s attempts (%s)",
                link.pk,
                failures,
                type(error).__name__,
            )
