"""The scorecard is forgotten by the cache whenever a row it counts changes (cache.py)."""

from django.db.models.signals import post_delete, post_save

from machina.core.db.models import get_model

from portal import generations
from portal.engagements.models import Assessment, CheckInAnswer, Goal, OutcomeEvaluation, Session
from portal.insights import cache
from portal.people.models import Profile
from portal.programmes.models import Application, Engagement

Post = get_model("forum_conversation", "Post")

COUNTED = (
    Application,
    Assessment,
    CheckInAnswer,
    Engagement,
    Goal,
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
