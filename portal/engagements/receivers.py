"""An engagement's goals are seeded from the mentee's intake when it starts, and the pair's page
is forgotten by the cache whenever anything it shows changes.

`programmes.services.start_engagement` sits below this app and knows nothing of goals; this
receiver is how the workspace hears that an engagement began (matching, the demo and tests
all start engagements through that one service)."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal import generations
from portal.engagements import cache, services
from portal.engagements.models import (
    AgreementConfirmation,
    Assessment,
    CheckInAnswer,
    EngagementLogEntry,
    Goal,
    ManagerLink,
    Milestone,
    Note,
    OutcomeEvaluation,
    Session,
)
from portal.people.models import Profile, User
from portal.programmes.models import Cohort, Cycle, Engagement, Programme


@receiver(post_save, sender=Engagement, dispatch_uid="engagements_seed_goals")
def seed_goals_on_start(sender, instance: Engagement, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        services.seed_goals(instance)


# --- the pair's page in the cache (cache.py) ---------------------------------------------------

_OF_AN_ENGAGEMENT = (
    AgreementConfirmation,
    Assessment,
    ManagerLink,
    CheckInAnswer,
    EngagementLogEntry,
    Goal,
    Note,
    OutcomeEvaluation,
    Session,
)


def _retire_engagement_of(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw and instance.engagement_id:
        cache.retire(instance.engagement_id)


for _model in _OF_AN_ENGAGEMENT:
    post_save.connect(_retire_engagement_of, sender=_model, dispatch_uid=f"retire_{_model}")
    post_delete.connect(_retire_engagement_of, sender=_model, dispatch_uid=f"retire_{_model}")


@receiver(post_save, sender=Milestone, dispatch_uid="engagements_retire_milestone")
@receiver(post_delete, sender=Milestone, dispatch_uid="engagements_retire_milestone")
def _retire_milestone(sender, instance: Milestone, raw: bool = False, **kwargs) -> None:
    if not raw:
        cache.retire(
            *Goal.objects.filter(pk=instance.goal_id).values_list("engagement_id", flat=True)
        )


@receiver(post_save, sender=Engagement, dispatch_uid="engagements_retire_engagement")
@receiver(post_delete, sender=Engagement, dispatch_uid="engagements_retire_engagement")
def _retire_engagement(sender, instance: Engagement, raw: bool = False, **kwargs) -> None:
    if not raw:
        cache.retire_engagement(instance)


def _retire_engagements_of_person(user_id: int) -> None:
    cache.retire(
        *Engagement.objects.filter(Q(mentee_id=user_id) | Q(mentor__user_id=user_id)).values_list(
            "pk", flat=True
        )
    )


@receiver(post_save, sender=User, dispatch_uid="engagements_retire_user")
def _retire_user(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    # Signing in saves last_login only: nothing the page shows.
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    _retire_engagements_of_person(instance.pk)


@receiver(post_save, sender=Profile, dispatch_uid="engagements_retire_profile")
def _retire_profile(sender, instance: Profile, raw: bool = False, **kwargs) -> None:
    if not raw:
        _retire_engagements_of_person(instance.user_id)


@receiver(post_save, sender=Programme, dispatch_uid="engagements_retire_programme")
def _retire_programme(sender, instance: Programme, raw: bool = False, **kwargs) -> None:
    # The commitment and the agreement's wording come from the programme.
    if not raw:
        cache.retire(*instance.engagements.values_list("pk", flat=True))
        generations.retire(cache.programme(instance.pk))


@receiver(post_save, sender=Cohort, dispatch_uid="engagements_retire_cohort")
def _retire_cohort(sender, instance: Cohort, raw: bool = False, **kwargs) -> None:
    # A manager's list names the cohorts to complete.
    if not raw:
        generations.retire(
            *(
                cache.programme(pk)
                for pk in Cycle.objects.filter(pk=instance.cycle_id).values_list(
                    "programme_id", flat=True
                )
            )
        )
