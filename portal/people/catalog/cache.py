"""What the mentor catalog keeps in the cache, and the changes that make it forget.

Entries (the ranked mentor ids of a search, each mentor's rendered card and page, a rendered
page of cards, a viewer's goals and shortlist) are keyed by versions that live in the cache too,
so every process sharing it (Redis in production) sees a change at once:

- the list version: which mentors are listed, in which order, matching which filters;
- one version per mentor: what that mentor's card and page show;
- the reference version: names the cards and the filters show (competencies and their clusters,
  formats, languages, business units);
- one version per viewer: their learning goals and shortlist (an entry only they ever read).

A change to a mentor, their account, career profile, strengths, formats, languages or
engagements retires that mentor's version and the list version; a change to reference data
retires the reference and list versions (and so every entry); a change to a person's goals or
shortlist retires their viewer version. Versions are random strings, never counters: one evicted
and made again cannot match an entry of an older one.

Mentor and list entries only hold what every viewer may see, keyed by what they depend on
(filters, goals, which mentors of a page are shortlisted), never by who asked; the viewer's own
entry is keyed by their id, and the CSRF token and return address are never cached.

Races: a version is retired when the change is made and again when its transaction commits, so a
reader that read the old rows in between cannot leave them under the new version. A request reads
the list, reference and viewer versions before its first query (`CatalogVersions.read`), so what
it reads after is at least as new as they are. It stores a card or page it built only if the list
version is still the one it started with: a mentor changed while the request ran retired the list
version, so nothing built from older rows is kept under the mentor's new version.
"""

import functools
import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.template.loader import get_template

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

LIST_VERSION_KEY = "people:catalog:list-version"
REFERENCE_VERSION_KEY = "people:catalog:reference-version"
# Raise when the Python side of an entry changes (its fields, how a value is worked out); a change
# to a template below changes every key by itself. Either way a deploy never reads old entries.
SCHEMA = 1
CACHED_TEMPLATES = (
    "people/includes/avatar.html",
    "people/catalog/_card_details.html",
    "people/catalog/_card_grid.html",
    "people/catalog/_card_header.html",
    "people/catalog/_filters.html",
    "people/catalog/_mentor_details.html",
    "people/catalog/_shortlist_button.html",
    "portal/includes/field.html",
)
# Versions retire entries as soon as anything changes; the timeout only returns their memory.
ENTRY_TIMEOUT = 24 * 60 * 60


def _mentor_version_key(mentor_id: int) -> str:
    return f"people:catalog:mentor-version:{mentor_id}"


def _viewer_version_key(user_id: int) -> str:
    return f"people:catalog:viewer-version:{user_id}"


def _new_version() -> str:
    return uuid.uuid4().hex


def _versions(keys: list[str]) -> dict[str, str]:
    """The current version under each key, making one where there is none (new, or evicted)."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            version = _new_version()
            # add() keeps whatever another process made first, so every process agrees.
            if not cache.add(key, version, timeout=None):
                version = cache.get(key) or version
            found[key] = version
    return found


@dataclass(frozen=True)
class CatalogVersions:
    """The versions one request works with, read before its first query."""

    list: str
    reference: str
    viewer_id: int
    viewer: str
    day: str  # a zone's band follows daylight saving: what shows a band is kept for a day

    @classmethod
    def read(cls, viewer_id: int) -> "CatalogVersions":
        viewer_key = _viewer_version_key(viewer_id)
        found = _versions([LIST_VERSION_KEY, REFERENCE_VERSION_KEY, viewer_key])
        return cls(
            list=found[LIST_VERSION_KEY],
            reference=found[REFERENCE_VERSION_KEY],
            viewer_id=viewer_id,
            viewer=found[viewer_key],
            day=date.today().isoformat(),
        )

    def still_current(self) -> bool:
        """False once a change retired the list version this request started with."""
        return cache.get(LIST_VERSION_KEY) == self.list


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@functools.cache
def release() -> str:
    """Part of every key: SCHEMA and the source of the templates that entries are made of."""
    sources = [get_template(name).template.source for name in CACHED_TEMPLATES]
    return _digest(SCHEMA, *sources)[:12]


def by_list_version(
    kind: str, versions: CatalogVersions, parts: tuple, build: Callable[[], Any]
) -> Any:
    """What `build` makes of `parts`, cached until a change retires the list version.

    For what depends on mentors only through `parts` and the list version (every change to a
    mentor retires it): the ranked ids of a search, a page of cards. Keyed by the list version
    the request started with, so rows read after it are at least as new.
    """
    key = (
        f"people:catalog:{kind}:{release()}:{versions.list}:{versions.reference}:{versions.day}:"
        f"{_digest(*parts)}"
    )
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, ENTRY_TIMEOUT)
    return value


def mentor_entries(
    kind: str,
    mentor_ids: list[int],
    versions: CatalogVersions,
    build: Callable[[list[int]], dict[int, Any]],
) -> dict[int, Any]:
    """What `build` makes for each listed mentor in `mentor_ids`, cached per mentor version.

    `build` receives the ids it must make entries for and leaves out any mentor not listed.
    """
    mentor_versions = _versions([_mentor_version_key(pk) for pk in mentor_ids])
    keys = {
        pk: f"people:catalog:{kind}:{release()}:{versions.reference}:{versions.day}:{pk}:"
        f"{mentor_versions[_mentor_version_key(pk)]}"
        for pk in mentor_ids
    }
    found = cache.get_many(list(keys.values()))
    entries = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in mentor_ids if pk not in entries]
    if missing:
        built = build(missing)
        entries.update(built)
        if built and versions.still_current():
            cache.set_many({keys[pk]: entry for pk, entry in built.items()}, ENTRY_TIMEOUT)
    return entries


def viewer_entry(versions: CatalogVersions, build: Callable[[], Any]) -> Any:
    """What `build` reads of the viewer's own (goals, shortlist), cached until they change it.

    Keyed by the viewer's id: no other viewer's request ever computes this key.
    """
    key = (
        f"people:catalog:viewer:{release()}:{versions.reference}:{versions.viewer_id}:"
        f"{versions.viewer}"
    )
    entry = cache.get(key)
    if entry is None:
        entry = build()
        cache.set(key, entry, ENTRY_TIMEOUT)
    return entry


# --- forgetting -----------------------------------------------------------------------------------


def _retire(mentor_ids: Iterable[int], reference: bool) -> None:
    # The list version first: a reader that sees a mentor's new version then also fails
    # `still_current`, so it cannot store rows it read before the change.
    cache.set(LIST_VERSION_KEY, _new_version(), timeout=None)
    retired = {_mentor_version_key(pk): _new_version() for pk in mentor_ids}
    if reference:
        retired[REFERENCE_VERSION_KEY] = _new_version()
    if retired:
        cache.set_many(retired, timeout=None)


def forget(mentor_ids: Iterable[int] = (), *, reference: bool = False) -> None:
    """Retire the list version, those of `mentor_ids` and maybe the reference one; again on commit.

    Call it from any change the catalog would show that signals do not report (bulk writes).
    """
    mentor_ids = [pk for pk in mentor_ids if pk is not None]
    _retire(mentor_ids, reference)
    transaction.on_commit(lambda: _retire(mentor_ids, reference))


def forget_everything() -> None:
    """Retire every catalog entry (after bulk writes such as the demo seed)."""
    forget(reference=True)


def forget_viewer(user_id: int) -> None:
    """Retire what is kept of a person's goals and shortlist, now and on commit."""

    def retire() -> None:
        cache.set(_viewer_version_key(user_id), _new_version(), timeout=None)

    retire()
    transaction.on_commit(retire)


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
