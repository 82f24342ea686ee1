"""Signals that retire the library's scopes in the cache (content/cache.py) when what they cover
changes. Connected per model in ContentConfig.ready: a post_delete receiver without a sender
would turn off Django's fast deletes for every model in the project.

Writes that send no signal (`QuerySet.update`, `bulk_create`) are not seen here; the code that
changes memberships, pages and snippets saves or deletes one object at a time.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site, TaskState, WorkflowState, get_page_models
from wagtail.signals import post_page_move, task_submitted, workflow_approved, workflow_rejected

from content import services
from content.cache import AUDIENCE, LIBRARY
from content.models import ConsentRecord, CuratedCollection, CuratedItem, StoryPerson
from portal import generations
from portal.people.models import Competency, CompetencyCluster, User
from portal.programmes.models import (
    Application,
    Cohort,
    CohortMembership,
    Cycle,
    Engagement,
    Programme,
)

# Saved or deleted, these change what a rendered library page shows.
LIBRARY_MODELS = (
    Site,
    Competency,
    CompetencyCluster,
    Programme,  # its name is on cards ("Programme X only")
    CuratedCollection,
    CuratedItem,
    StoryPerson,
    ConsentRecord,
)
# Saved or deleted, these change who belongs to which audience.
AUDIENCE_MODELS = (Application, CohortMembership, Engagement, Cohort, Cycle, Programme, Group)
# Saved or deleted, these change both: Wagtail privacy decides visibility and is per member.
BOTH_MODELS = (PageViewRestriction,)
NAME_FIELDS = frozenset({"first_name", "last_name"})


def library_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: nothing is cached from a fixture being loaded
        return
    generations.retire(LIBRARY)


def audience_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    generations.retire(AUDIENCE)


def membership_changed(sender, action: str, **kwargs) -> None:
    """m2m_changed: people added to or removed from a group, a cohort (`cohort.members.add`
    writes CohortMembership rows without post_save), a programme's managers, a restriction's
    groups."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if sender is PageViewRestriction.groups.through:
        generations.retire(AUDIENCE, LIBRARY)
    else:
        generations.retire(AUDIENCE)


def person_renamed(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    """Success stories show the names of the people they name with consent. A sign-in saves
    only last_login, and someone who just joined is named in no story yet."""
    if raw or created:
        return
    if update_fields is not None and not NAME_FIELDS & set(update_fields):
        return
    if StoryPerson.objects.filter(consent__person=instance).exists():
        generations.retire(LIBRARY)


def consent_saved(sender, instance: ConsentRecord, raw=False, **kwargs) -> None:
    """A consent withdrawn in the Consents snippet (or anywhere) unpublishes the stories naming
    the person, as content.services.withdraw_consent does."""
    if raw or instance.withdrawn_at is None:
        return
    from content.services import unpublish_stories_naming

    unpublish_stories_naming(instance)


def review_requested(sender, instance, user=None, **kwargs) -> None:
    services.tell_reviewers(instance, user)


def review_approved(sender, instance, user=None, **kwargs) -> None:
    services.tell_submitter(instance, user, approved=True)


def review_rejected(sender, instance, user=None, **kwargs) -> None:
    services.tell_submitter(instance, user, approved=False)


def connect() -> None:
    """Connect every receiver, each to the models it watches (idempotent: dispatch_uid)."""
    library_models = (*get_page_models(), get_image_model(), *LIBRARY_MODELS, *BOTH_MODELS)
    for model in library_models:
        uid = f"content.library.{model._meta.label_lower}"
        post_save.connect(library_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(library_changed, sender=model, dispatch_uid=f"{uid}.delete")
    for model in (*AUDIENCE_MODELS, *BOTH_MODELS):
        uid = f"content.audience.{model._meta.label_lower}"
        post_save.connect(audience_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(audience_changed, sender=model, dispatch_uid=f"{uid}.delete")
    for through in (
        User.groups.through,
        Cohort.members.through,
        Programme.managers.through,
        PageViewRestriction.groups.through,
    ):
        m2m_changed.connect(
            membership_changed,
            sender=through,
            dispatch_uid=f"content.membership.{through._meta.label_lower}",
        )
    post_save.connect(person_renamed, sender=User, dispatch_uid="content.library.person_renamed")
    post_save.connect(consent_saved, sender=ConsentRecord, dispatch_uid="content.consent_saved")
    post_page_move.connect(library_changed, dispatch_uid="content.library.page_moved")
    # The publishing workflow's events reach people through portal.notifications (which
    # disconnects Wagtail's own emails for them).
    task_submitted.connect(review_requested, sender=TaskState, dispatch_uid="content.review")
    workflow_approved.connect(review_approved, sender=WorkflowState, dispatch_uid="content.ok")
    workflow_rejected.connect(review_rejected, sender=WorkflowState, dispatch_uid="content.no")
