"""A person who joins after the HR import is linked to their HR record at once (by email), so
the next import updates their profile and the insights count them as the same employee.

A record of someone who has left is not linked: an account made with a leaver's address is
not theirs to inherit."""

from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from portal.insights.models import HRRecord
from portal.people.models import User


@receiver(post_save, sender=User, dispatch_uid="insights_link_hr_record")
def link_hr_record(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not instance.email:
        return
    HRRecord.objects.filter(email=instance.email.lower(), user__isnull=True).filter(
        Q(leaver_date__isnull=True) | Q(leaver_date__gt=timezone.localdate())
    ).update(user=instance)
