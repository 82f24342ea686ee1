"""Background work for programmes: telling a nominee about their nomination.

`tell_nominee` is the one function that tells a person they were nominated. It sends a plain
email now; when the notifications module lands, its body becomes a call to it (the integrator
routes it), and nothing else changes.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

from portal.programmes.models import Nomination


@task()
def tell_nominee(nomination_id: int) -> None:
    nomination = (
        Nomination.objects.select_related("nominee", "nominated_by", "programme")
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None or not nomination.nominee.is_active:
        return
    path = reverse("programmes:detail", args=[nomination.programme.slug])
    context = {"nomination": nomination, "link": f"{settings.WAGTAILADMIN_BASE_URL}{path}"}
    send_mail(
        subject=(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}You are nominated for "
            f"{nomination.programme.name}"
        ),
        message=render_to_string("programmes/email/nomination.txt", context),
        from_email=None,
        recipient_list=[nomination.nominee.email],
    )
