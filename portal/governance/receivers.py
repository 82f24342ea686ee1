"""Publishing a policy in the admin makes it a new version people acknowledge again."""

from django.dispatch import receiver

from wagtail.signals import published

from portal.governance import services
from portal.governance.models import Policy


@receiver(published, sender=Policy)
def policy_published(sender, instance: Policy, revision=None, **kwargs) -> None:
    user = getattr(revision, "user", None) if revision is not None else None
    services.record_version(instance, revision, user)
