"""An engagement's goals are seeded from the mentee's intake when it starts.

`programmes.services.start_engagement` sits below this app and knows nothing of goals; this
receiver is how the workspace hears that an engagement began (matching, the demo and tests
all start engagements through that one service)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.engagements import services
from portal.programmes.models import Engagement


@receiver(post_save, sender=Engagement, dispatch_uid="engagements_seed_goals")
def seed_goals_on_start(sender, instance: Engagement, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        services.seed_goals(instance)
