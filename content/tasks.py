"""Background work of the library: delivering a newsletter send to its audience."""

from django_tasks import task

from content import services
from content.models import NewsletterSend


@task()
def deliver_newsletter(send_id: int) -> int:
    """Put a newsletter send in its audience's inboxes and queue its emails, in batches."""
    send = (
        NewsletterSend.objects.select_related(
            "page", "programme", "cohort__cycle__programme", "broadcast"
        )
        .filter(pk=send_id)
        .first()
    )
    if send is None:
        return 0
    return services.deliver_newsletter(send)
