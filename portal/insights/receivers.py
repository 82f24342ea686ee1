"""A person who joins after the HR import is linked to their HR record at once (by email), so
the next import updates their profile and the insights count them as the same employee.

A record of someone who has left is not linked: an account made with a leaver's address is
not theirs to inherit.

The scorecard is forgotten by the cache whenever a row it counts changes (cache.py)."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from machina.core.db.models import get_model

from portal import generations
from portal.engagements.models import Assessment, CheckInAnswer, Goal, OutcomeEvaluation, Session
from portal.insights import cache
from portal.insights.models import HRImport, HRRecord
from portal.people.models import Profile, User
from portal.programmes.models import Application, Engagement


@receiver(post_save, sender=User, dispatch_uid="insights_link_hr_record")
def link_hr_record(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not instance.email:
        return
    HRRecord.objects.filter(email=instance.email.lower(), user__isnull=True).filter(
        Q(leaver_date__isnull=True) | Q(leaver_date__gt=timezone.localdate())
    ).update(user=instance)


Post = get_model("forum_conversation", "Post")

COUNTED = (
    Application,
    Assessment,
    CheckInAnswer,
    Engagement,
    Goal,
    HRImport,  # an import writes its records in bulk (no signal per row), then saves itself
    OutcomeEvaluation,
    Post,
    Profile,
    Session,
)


def _retire_scorecard(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        generations.retire(cache.SCORECARD)


for _model in COUNTED:
    post_save.connect(_retire_scorecard, sender=_model, dispatch_uid=f"insights_retire_{_model}")
    post_delete.connect(_retire_scorecard, sender=_model, dispatch_uid=f"insights_retire_{_model}")
