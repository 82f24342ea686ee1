"""Signals that keep the search index in step: every change ends in search.tasks.schedule.

Access needs no signal (search.access reads it per query); only what a document says or whether
it exists does: publishing, unpublishing, moving or deleting a page; saving, approving, moving or
deleting a post; a mentor's profile, strengths, name, business unit or listing state.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from machina.core.db.models import get_model

from content.models import LibraryPage
from portal.people.models import (
    BusinessUnit,
    Competency,
    MentorProfile,
    MentorStrength,
    Profile,
    User,
)
from search.documents import MENTOR, PAGE, POST, key
from search.tasks import schedule

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
Forum = get_model("forum", "Forum")


def _library_keys(pages) -> list[str]:
    return [key(PAGE, pk) for pk in pages.type(LibraryPage).values_list("pk", flat=True)]


@receiver(page_published, dispatch_uid="search.page_published")
@receiver(page_unpublished, dispatch_uid="search.page_unpublished")
def page_changed(sender, instance, **kwargs):
    if isinstance(instance, LibraryPage):
        schedule([key(PAGE, instance.pk)])
    else:
        # A section published or unpublished: its items' URLs and liveness follow it.
        schedule(_library_keys(Page.objects.descendant_of(instance)))


@receiver(post_page_move, dispatch_uid="search.page_moved")
def page_moved(sender, instance, **kwargs):
    schedule(_library_keys(Page.objects.descendant_of(instance, inclusive=True)))


def page_deleted(sender, instance, **kwargs):
    schedule([key(PAGE, instance.pk)])


# One receiver per library page type, never one for every model: a post_delete listener without
# a sender turns off Django's fast deletes for every table (sessions, read marks...).
for _model in get_page_models():
    if issubclass(_model, LibraryPage):
        post_delete.connect(
            page_deleted, sender=_model, dispatch_uid=f"search.deleted.{_model.__name__}"
        )


@receiver(post_save, sender=Competency, dispatch_uid="search.competency_saved")
def competency_changed(sender, instance, created, raw=False, **kwargs):
    # A renamed competency changes the text and the facet value of its pages and mentors.
    if raw or created:
        return
    pages = LibraryPage.objects.filter(competencies=instance).values_list("pk", flat=True)
    mentors = MentorStrength.objects.filter(competency=instance).values_list("mentor_id", flat=True)
    schedule([key(PAGE, pk) for pk in pages] + [key(MENTOR, pk) for pk in mentors])


@receiver(post_save, sender=Post, dispatch_uid="search.post_saved")
@receiver(post_delete, sender=Post, dispatch_uid="search.post_deleted")
def post_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule([key(POST, instance.pk)])


@receiver(post_save, sender=Topic, dispatch_uid="search.topic_saved")
def topic_changed(sender, instance, created, raw=False, **kwargs):
    # Approval, a new subject or a move to another forum changes every post's document.
    if not raw and not created:
        schedule(key(POST, pk) for pk in instance.posts.values_list("pk", flat=True))


@receiver(post_save, sender=Forum, dispatch_uid="search.forum_saved")
def forum_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        posts = Post.objects.filter(topic__forum=instance).values_list("pk", flat=True)
        schedule(key(POST, pk) for pk in posts)


def _mentor_keys(**lookup) -> list[str]:
    mentors = MentorProfile.objects.filter(**lookup).values_list("pk", flat=True)
    return [key(MENTOR, pk) for pk in mentors]


@receiver(post_save, sender=MentorProfile, dispatch_uid="search.mentor_saved")
@receiver(post_delete, sender=MentorProfile, dispatch_uid="search.mentor_deleted")
def mentor_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule([key(MENTOR, instance.pk)])


@receiver(post_save, sender=MentorStrength, dispatch_uid="search.strength_saved")
@receiver(post_delete, sender=MentorStrength, dispatch_uid="search.strength_deleted")
def strength_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule([key(MENTOR, instance.mentor_id)])


@receiver(post_save, sender=User, dispatch_uid="search.user_saved")
def user_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    # A sign-in saves last_login only; that changes nothing a document says.
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    schedule(_mentor_keys(user=instance))


@receiver(post_save, sender=Profile, dispatch_uid="search.profile_saved")
def profile_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(_mentor_keys(user_id=instance.user_id))


@receiver(post_save, sender=BusinessUnit, dispatch_uid="search.business_unit_saved")
def business_unit_changed(sender, instance, created, raw=False, **kwargs):
    # A renamed unit changes the line that heads its mentors' results.
    if not raw and not created:
        schedule(_mentor_keys(user__profile__business_unit=instance))
