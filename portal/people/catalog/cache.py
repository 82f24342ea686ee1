"""The mentor catalog's scopes in the cache (portal.generations), and the changes that retire them.

Entries (the ranked mentor ids of a search, each mentor's rendered card and page, a rendered
page of cards, the filters, a viewer's goals and shortlist) are built on these scopes:

- `LIST`: which mentors are listed, in which order, matching which filters;
- `mentor(pk)`: what that mentor's card and page show;
- `REFERENCE`: names the cards and the filters show (competencies and their clusters, formats,
  languages, business units, the programmes' questions offered as filters);
- `viewer(pk)`: their learning goals and shortlist (an entry only they ever read).

A change to a mentor, their account, career profile, strengths, formats, languages or
engagements retires that mentor's scope and `LIST`; a change to reference data retires
`REFERENCE` and `LIST` (and so every entry); a change to a person's goals or shortlist retires
their viewer scope.

Mentor and list entries only hold what every viewer may see, keyed by what they depend on
(filters, goals, which mentors of a page are shortlisted), never by who asked; the viewer's own
entry is keyed by their id, and the CSRF token and return address are never cached. A request
reads the list, reference and viewer generations before its first query (`read_generations`),
so what it reads after is at least as new as they are.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal import generations
from portal.people.models import (
    BusinessUnit,
    Competency,
    CompetencyCluster,
    Format,
    Language,
    LearningGoal,
    MentorProfile,
    MentorStrength,
    Profile,
    ShortlistEntry,
    User,
)

LIST = "catalog:list"
REFERENCE = "catalog:reference"
mentor = generations.scope_family("catalog:mentor")  # by mentor profile
viewer = generations.scope_family("catalog:viewer")  # by person


def read_generations(viewer_id: int) -> None:
    """Read the generations a catalog page is built on, before its first query."""
    generations.read(LIST, REFERENCE, viewer(viewer_id))


def today() -> str:
    """Part of the keys of what shows a time zone's band: bands follow daylight saving."""
    return date.today().isoformat()


# --- forgetting -----------------------------------------------------------------------------------


def forget(mentor_ids: Iterable[int] = (), *, reference: bool = False) -> None:
    """Retire `LIST`, the scopes of `mentor_ids` and maybe `REFERENCE`; again on commit.

    Call it from any change the catalog would show that signals do not report (bulk writes).
    """
    mentors = [mentor(pk) for pk in mentor_ids if pk is not None]
    generations.retire(LIST, *mentors, *([REFERENCE] if reference else []))


def forget_everything() -> None:
    """Retire every catalog entry (after bulk writes such as the demo seed)."""
    forget(reference=True)


def forget_viewer(user_id: int) -> None:
    """Retire what is kept of a person's goals and shortlist, now and on commit."""
    generations.retire(viewer(user_id))


def _mentors_of_users(user_ids: Iterable[int]) -> list[int]:
    return list(MentorProfile.objects.filter(user_id__in=user_ids).values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=MentorProfile, dispatch_uid="catalog-mentor")
def _mentor_changed(instance: MentorProfile, **kwargs) -> None:
    forget([instance.pk])


@receiver([post_save, post_delete], sender=MentorStrength, dispatch_uid="catalog-strength")
def _strength_changed(instance: MentorStrength, **kwargs) -> None:
    forget([instance.mentor_id])


@receiver([post_save, post_delete], sender="programmes.Engagement", dispatch_uid="catalog-load")
def _engagement_changed(instance, **kwargs) -> None:
    # Free places: an engagement starting or ending changes the mentor's load.
    forget([instance.mentor_id])


@receiver([post_save, post_delete], sender="programmes.IntakeAnswer", dispatch_uid="catalog-answer")
def _answer_changed(instance, **kwargs) -> None:
    # Which mentors a programme question's filter finds (the cards show no answers).
    forget()


@receiver(
    [post_save, post_delete], sender="programmes.IntakeQuestion", dispatch_uid="catalog-question"
)
def _question_changed(instance, **kwargs) -> None:
    # The filters offered (a question's prompt and options) and which mentors they find.
    forget(reference=True)


# What cards and pages show of a person and of their career profile; a save naming only other
# fields (signing in saves last_login) costs no query and retires nothing.
SHOWN_USER_FIELDS = frozenset({"first_name", "last_name", "is_active"})
SHOWN_PROFILE_FIELDS = frozenset({"job_title", "business_unit", "organisation", "time_zone"})


def _forget_person(user_id: int, update_fields, shown: frozenset[str], created: bool) -> None:
    # A person just created has no mentor profile yet: nothing to look up.
    if created or (update_fields is not None and not shown.intersection(update_fields)):
        return
    mentors = _mentors_of_users([user_id])
    if mentors:
        forget(mentors)


@receiver([post_save, post_delete], sender=User, dispatch_uid="catalog-user")
def _user_changed(instance: User, update_fields=None, created=False, **kwargs) -> None:
    _forget_person(instance.pk, update_fields, SHOWN_USER_FIELDS, created)


@receiver([post_save, post_delete], sender=Profile, dispatch_uid="catalog-profile")
def _profile_changed(instance: Profile, update_fields=None, created=False, **kwargs) -> None:
    _forget_person(instance.user_id, update_fields, SHOWN_PROFILE_FIELDS, created)


@receiver(m2m_changed, sender=MentorProfile.formats.through, dispatch_uid="catalog-formats")
def _formats_changed(instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        forget([instance.pk])
    elif pk_set is None:  # every mentor of a format was removed
        forget_everything()
    else:
        forget(pk_set)


@receiver(m2m_changed, sender=Profile.languages.through, dispatch_uid="catalog-languages")
def _languages_changed(instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        mentors = _mentors_of_users([instance.user_id])
    elif pk_set is None:
        forget_everything()
        return
    else:
        user_ids = Profile.objects.filter(pk__in=pk_set).values_list("user_id", flat=True)
        mentors = _mentors_of_users(user_ids)
    if mentors:
        forget(mentors)


@receiver([post_save, post_delete], sender=Competency, dispatch_uid="catalog-competency")
@receiver([post_save, post_delete], sender=CompetencyCluster, dispatch_uid="catalog-cluster")
@receiver([post_save, post_delete], sender=Format, dispatch_uid="catalog-format")
@receiver([post_save, post_delete], sender=Language, dispatch_uid="catalog-language")
@receiver([post_save, post_delete], sender=BusinessUnit, dispatch_uid="catalog-unit")
def _reference_changed(**kwargs) -> None:
    forget_everything()


@receiver([post_save, post_delete], sender=LearningGoal, dispatch_uid="catalog-goal")
def _goal_changed(instance: LearningGoal, **kwargs) -> None:
    forget_viewer(instance.user_id)


@receiver([post_save, post_delete], sender=ShortlistEntry, dispatch_uid="catalog-shortlist")
def _shortlist_changed(instance: ShortlistEntry, **kwargs) -> None:
    forget_viewer(instance.mentee_id)
