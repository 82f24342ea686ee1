"""Reading the mentor catalog: filters, relevance to the viewer's gaps, reasons, listing gaps.

Everything a catalog page shows comes from `MentorProfile.objects.listed()`, so an unlisted
mentor is never visible; `listing_gaps` explains the same rule to the mentor in words.
"""

import functools
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal import generations
from portal.people.catalog import cache as catalog_cache
from portal.people.models import (
    AvailabilityWindow,
    Function,
    LearningGoal,
    MentorProfile,
    MentorProfileQuerySet,
    MentorStrength,
    ProficiencyLevel,
    Profile,
    ShortlistEntry,
    User,
)
from portal.people.timezones import Band, band_of
from portal.programmes.models import IntakeAnswer
from portal.programmes.queries import with_mentor_load

# --- time zone bands ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _zones_by_band(day: date) -> dict[Band, frozenset[str]]:
    # Keyed by day so daylight saving moves a zone between bands when the clocks change.
    zones: dict[Band, set[str]] = {band: set() for band in Band}
    for name in zoneinfo.available_timezones():
        zones[band_of(name)].add(name)
    return {band: frozenset(names) for band, names in zones.items()}


def zones_in_band(band: Band) -> frozenset[str]:
    """The IANA time zone names that fall in `band` today."""
    return _zones_by_band(date.today())[band]


SHORT_BAND_LABELS = {
    Band.AMERICAS: "Americas",
    Band.EUROPE_AFRICA: "EMEA",
    Band.ASIA_PACIFIC: "Asia-Pacific",
}


def time_zone_label(tz_name: str) -> str:
    """'Sao Paulo · Americas' for America/Sao_Paulo: the city people know, and the band."""
    city = tz_name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} · {SHORT_BAND_LABELS[band_of(tz_name)]}"


# --- the catalog query ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogFilters:
    """The filters a viewer chose; None or False means "any"."""

    competency_id: int | None = None
    format_id: int | None = None
    kind: str | None = None
    language_id: int | None = None
    band: Band | None = None
    has_free_places: bool = False
    # (programme question id, the option chosen): mentors who gave that answer.
    answers: tuple[tuple[int, str], ...] = ()


def viewer_gaps(viewer: User) -> dict[int, int]:
    """The viewer's learning goals as {competency id: gap}, in one query."""
    goals = LearningGoal.objects.filter(user=viewer).values_list(
        "competency_id", "current_level", "target_level"
    )
    return {competency_id: target - current for competency_id, current, target in goals}


LEVEL_LABELS = dict(ProficiencyLevel.choices)


@dataclass(frozen=True)
class CardStrength:
    """A mentor's strength as the catalog shows it (read as plain values, not model rows)."""

    competency_id: int
    competency_name: str
    level: int

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, self.level))


def attach_display_data(mentors: list[MentorProfile], *, languages: bool = False) -> None:
    """Set `strength_list`, `format_names` (and, with `languages`, `language_names`) on `mentors`.

    One query per relation for the whole page, reading plain values: building model rows through
    prefetch_related cost more than the queries themselves.
    """
    by_pk = {mentor.pk: mentor for mentor in mentors}
    strengths: dict[int, list[CardStrength]] = {pk: [] for pk in by_pk}
    rows = (
        MentorStrength.objects.filter(mentor_id__in=by_pk)
        .order_by("-level", "competency__name", "pk")
        .values_list("mentor_id", "competency_id", "competency__name", "level")
    )
    for mentor_id, competency_id, name, level in rows:
        strengths[mentor_id].append(CardStrength(competency_id, name, level))
    formats: dict[int, list[str]] = {pk: [] for pk in by_pk}
    rows = (
        MentorProfile.formats.through.objects.filter(mentorprofile_id__in=by_pk)
        .order_by("format_id")
        .values_list("mentorprofile_id", "format__name")
    )
    for mentor_id, name in rows:
        formats[mentor_id].append(name)
    for pk, mentor in by_pk.items():
        mentor.strength_list = strengths[pk]
        mentor.format_names = ", ".join(formats[pk])
    if languages:
        spoken: dict[int, list[str]] = {mentor.user_id: [] for mentor in mentors}
        rows = (
            Profile.languages.through.objects.filter(profile__user_id__in=spoken)
            .order_by("language__name", "language_id")
            .values_list("profile__user_id", "language__name")
        )
        for user_id, name in rows:
            spoken[user_id].append(name)
        for mentor in mentors:
            mentor.language_names = ", ".join(spoken[mentor.user_id])


def apply_filters(
    queryset: MentorProfileQuerySet, filters: CatalogFilters
) -> MentorProfileQuerySet:
    """Narrow the mentors; each filter is an EXISTS or a plain column test (no row fan-out)."""
    if filters.competency_id is not None:
        queryset = queryset.filter(
            models.Exists(
                MentorStrength.objects.filter(
                    mentor=models.OuterRef("pk"), competency_id=filters.competency_id
                )
            )
        )
    if filters.format_id is not None:
        queryset = queryset.filter(
            models.Exists(
                MentorProfile.formats.through.objects.filter(
                    mentorprofile_id=models.OuterRef("pk"), format_id=filters.format_id
                )
            )
        )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.language_id is not None:
        queryset = queryset.filter(
            models.Exists(
                Profile.languages.through.objects.filter(
                    profile__user_id=models.OuterRef("user_id"), language_id=filters.language_id
                )
            )
        )
    if filters.band is not None:
        queryset = queryset.filter(user__profile__time_zone__in=zones_in_band(filters.band))
    if filters.has_free_places:
        queryset = queryset.filter(free_places__gt=0)
    for question_id, option in filters.answers:
        queryset = queryset.filter(
            models.Exists(
                IntakeAnswer.objects.filter(
                    user_id=models.OuterRef("user_id"), question_id=question_id, option=option
                )
            )
        )
    return queryset


def annotate_relevance(
    queryset: MentorProfileQuerySet, gaps: dict[int, int]
) -> MentorProfileQuerySet:
    """Annotate `relevance`: the sum over the viewer's goals of gap × the mentor's level in it.

    Computed in the database as a correlated subquery, so it neither multiplies rows nor needs a
    GROUP BY over the selected columns. The subquery reads only the strengths in the viewer's
    goals (the strengths' mentor index, then a short IN list) and sums them without a GROUP BY
    of its own: it runs once per listed mentor, because the ordering needs every score.
    """
    if not gaps:
        return queryset.annotate(relevance=models.Value(0, output_field=models.IntegerField()))
    weighted = models.Case(
        *[
            models.When(competency_id=competency_id, then=models.F("level") * gap)
            for competency_id, gap in gaps.items()
        ],
        default=models.Value(0),
        output_field=models.IntegerField(),
    )
    score = (
        MentorStrength.objects.filter(mentor=models.OuterRef("pk"), competency_id__in=list(gaps))
        .order_by()
        .annotate(score=models.Func(weighted, function="SUM"))
        .values("score")
    )
    return queryset.annotate(
        relevance=Coalesce(models.Subquery(score, output_field=models.IntegerField()), 0)
    )


@functools.cache
def _listed_with_load() -> MentorProfileQuerySet:
    # Resolving listed()'s EXISTS and the load's subqueries costs more than the SQL they make,
    # so they are built once per process. Never evaluated: callers always get a clone.
    return with_mentor_load(MentorProfile.objects.listed())


def catalog_mentors(filters: CatalogFilters, gaps: dict[int, int]) -> MentorProfileQuerySet:
    """Listed mentors matching `filters`, most relevant to the viewer's gaps first.

    Ties (and viewers with no goals) go by free places, then by name.
    """
    queryset = apply_filters(_listed_with_load().all(), filters)
    queryset = annotate_relevance(queryset, gaps)
    return queryset.order_by(
        "-relevance", "-free_places", "user__last_name", "user__first_name", "pk"
    )


def ranked_mentor_ids(filters: CatalogFilters, gaps: dict[int, int]) -> list[int]:
    """The ids of every mentor `catalog_mentors` returns, in its order, cached until a change.

    Keyed by the filters and the gaps themselves, not by who asks: viewers with the same goals
    share the ranking, and nothing in it depends on the viewer otherwise.
    """
    return generations.cached(
        ("catalog-ranked", filters, tuple(sorted(gaps.items())), catalog_cache.today()),
        (catalog_cache.LIST, catalog_cache.REFERENCE),
        lambda: list(catalog_mentors(filters, gaps).values_list("pk", flat=True)),
    )


def shortlisted_ids(viewer: User) -> set[int]:
    """The mentor profile ids on the viewer's shortlist, in one query."""
    return set(ShortlistEntry.objects.filter(mentee=viewer).values_list("mentor_id", flat=True))


@dataclass(frozen=True)
class ViewerState:
    """What the catalog needs of the viewer: their gaps (relevance, reasons) and shortlist."""

    gaps: dict[int, int]
    shortlist: frozenset[int]


def viewer_state(viewer: User) -> ViewerState:
    """The viewer's gaps and shortlist, kept in the cache until they change either."""
    gaps, shortlist = generations.cached(
        ("catalog-viewer", viewer.pk),
        (catalog_cache.REFERENCE, catalog_cache.viewer(viewer.pk)),
        lambda: (viewer_gaps(viewer), sorted(shortlisted_ids(viewer))),
    )
    return ViewerState(gaps, frozenset(shortlist))


# --- what a card shows ----------------------------------------------------------------------------


STRONG_LEVEL = 4
TOP_STRENGTHS = 3  # on a card; a mentor's page lists them all


def reason_for(strengths: Sequence[CardStrength], gaps: dict[int, int]) -> str:
    """Why a mentor with `strengths` is ranked where they are for a viewer with `gaps`.

    E.g. "Strong in Financial acumen (5), your largest gap". Empty when no strength meets a goal.
    """
    matches = [s for s in strengths if s.competency_id in gaps]
    if not matches:
        return ""
    best = max(matches, key=lambda s: (gaps[s.competency_id] * s.level, s.level))
    largest = max(gaps.values())
    if gaps[best.competency_id] == largest:
        where = "your largest gap" if list(gaps.values()).count(largest) == 1 else "a top gap"
    else:
        where = "one of your goals"
    strength = "Strong in" if best.level >= STRONG_LEVEL else "Experienced in"
    return f"{strength} {best.competency_name} ({best.level}), {where}"


def _listed_for_display(mentor_ids: list[int], *, languages: bool = False) -> list[MentorProfile]:
    """The listed mentors among `mentor_ids`, with everything their card or page shows.

    Names, links and labels are worked out here once per mentor, so the templates only print.
    """
    mentors = list(
        _listed_with_load().select_related("user__profile__business_unit").filter(pk__in=mentor_ids)
    )
    attach_display_data(mentors, languages=languages)
    for mentor in mentors:
        user = mentor.user
        profile = getattr(user, "profile", None)
        mentor.person_profile = profile
        mentor.full_name = user.get_full_name()
        mentor.detail_url = reverse("catalog:detail", args=[mentor.pk])
        mentor.shortlist_url = reverse("catalog:shortlist", args=[mentor.pk])
        mentor.organisation_label = organisation_label(mentor, profile)
        mentor.top_strengths = mentor.strength_list[:TOP_STRENGTHS]
        mentor.time_zone_label = time_zone_label(profile.time_zone) if profile else ""
        mentor.availability_labels = _labels(AvailabilityWindow, mentor.availability)
        mentor.function_labels = _labels(Function, mentor.functions)
    return mentors


def organisation_label(mentor: MentorProfile, profile: Profile | None) -> str:
    """Where a mentor works, as their card says it: an external expert's own organisation (or
    "Independent"), an internal leader's business unit (the search's mentor line says the same)."""
    if mentor.kind == MentorProfile.Kind.EXTERNAL:
        return (profile.organisation if profile else "") or "Independent"
    business_unit = profile.business_unit if profile else None
    return business_unit.name if business_unit else ""


def _labels(choices: type[models.TextChoices], values: list[str]) -> list[str]:
    # In the choices' own order (early before late), whatever order they were saved in.
    chosen = set(values)
    return [label for value, label in choices.choices if value in chosen]


def _strength_values(mentor: MentorProfile) -> tuple[tuple[int, str, int], ...]:
    # Plain values in the cache, so an entry never depends on a class of ours being importable.
    return tuple((s.competency_id, s.competency_name, s.level) for s in mentor.strength_list)


def _strengths(values: Sequence[tuple[int, str, int]]) -> list[CardStrength]:
    return [CardStrength(*value) for value in values]


@dataclass(frozen=True)
class Card:
    """A mentor on a catalog page: HTML every viewer sees (cached), and this viewer's part."""

    pk: int
    name: str
    detail_url: str
    shortlist_url: str
    header: str
    details: str
    reason: str
    is_shortlisted: bool


def _card_entries(mentor_ids: list[int]) -> dict[int, dict]:
    # The header and the strengths and facts are rendered once per mentor version; the reason
    # and the shortlist button, which differ per viewer, sit between and after them.
    entries = {}
    for mentor in _listed_for_display(mentor_ids):
        context = {"mentor": mentor}
        entries[mentor.pk] = {
            "name": mentor.full_name,
            "detail_url": mentor.detail_url,
            "shortlist_url": mentor.shortlist_url,
            "strengths": _strength_values(mentor),
            "header": render_to_string("people/catalog/_card_header.html", context),
            "details": render_to_string("people/catalog/_card_details.html", context),
        }
    return entries


def _mentor_entries(kind: str, mentor_ids: list[int], build) -> dict[int, dict]:
    """What `build` makes for each listed mentor in `mentor_ids`, kept until the mentor or the
    reference data change; `build` leaves out any mentor not listed."""
    return generations.cached_each(
        (f"catalog-{kind}", catalog_cache.today()),
        mentor_ids,
        lambda pk: (catalog_cache.REFERENCE, catalog_cache.mentor(pk)),
        build,
    )


def cards(mentor_ids: list[int], viewer: ViewerState) -> list[Card]:
    """The cards of `mentor_ids`, in that order, for `viewer`."""
    entries = _mentor_entries("card", mentor_ids, _card_entries)
    return [
        Card(
            pk=pk,
            name=entry["name"],
            detail_url=entry["detail_url"],
            shortlist_url=entry["shortlist_url"],
            header=entry["header"],
            details=entry["details"],
            reason=reason_for(_strengths(entry["strengths"]), viewer.gaps),
            is_shortlisted=pk in viewer.shortlist,
        )
        for pk in mentor_ids
        if (entry := entries.get(pk)) is not None
    ]


def card_grid(mentor_ids: list[int], viewer: ViewerState) -> str:
    """The HTML of a page of cards for `viewer`, cached until any mentor changes.

    It depends on the mentors (the list version), the viewer's gaps (the reasons) and which of
    these mentors they shortlisted, and on nothing else: those values are the key, not who asks.
    """
    shortlisted = tuple(pk for pk in mentor_ids if pk in viewer.shortlist)
    gaps = tuple(sorted(viewer.gaps.items()))
    return generations.cached(
        ("catalog-grid", tuple(mentor_ids), gaps, shortlisted, catalog_cache.today()),
        (catalog_cache.LIST, catalog_cache.REFERENCE),
        lambda: render_to_string(
            "people/catalog/_card_grid.html", {"cards": cards(mentor_ids, viewer)}
        ),
    )


@dataclass(frozen=True)
class MentorPage:
    """A mentor's catalog page: what every viewer sees (cached), and this viewer's part."""

    pk: int
    user_id: int
    name: str
    kind_label: str
    title_line: str
    photo_url: str
    initials: str
    free_places: int
    capacity: int
    shortlist_url: str
    details: str
    reason: str
    is_shortlisted: bool


def _page_entries(mentor_ids: list[int]) -> dict[int, dict]:
    entries = {}
    for mentor in _listed_for_display(mentor_ids, languages=True):
        profile = mentor.person_profile
        affiliation = ""
        if mentor.kind == MentorProfile.Kind.EXTERNAL:
            affiliation = profile.organisation if profile else ""
        elif profile and profile.business_unit:
            affiliation = profile.business_unit.name
        job_title = profile.job_title if profile else ""
        entries[mentor.pk] = {
            "user_id": mentor.user_id,
            "name": mentor.full_name,
            "kind_label": mentor.get_kind_display(),
            "title_line": ", ".join(part for part in (job_title, affiliation) if part),
            "photo_url": mentor.photo_url,
            "initials": mentor.user.initials,
            "free_places": mentor.free_places,
            "capacity": mentor.capacity,
            "shortlist_url": mentor.shortlist_url,
            "strengths": _strength_values(mentor),
            "details": render_to_string("people/catalog/_mentor_details.html", {"mentor": mentor}),
        }
    return entries


def mentor_page(mentor_id: int, viewer: ViewerState) -> MentorPage | None:
    """A listed mentor's page for `viewer`; None when the mentor is not listed."""
    entries = _mentor_entries("page", [mentor_id], _page_entries)
    entry = entries.get(mentor_id)
    if entry is None:
        return None
    return MentorPage(
        pk=mentor_id,
        **{name: value for name, value in entry.items() if name != "strengths"},
        reason=reason_for(_strengths(entry["strengths"]), viewer.gaps),
        is_shortlisted=mentor_id in viewer.shortlist,
    )


# --- listing status for the mentor ----------------------------------------------------------------


def listing_gaps(profile: MentorProfile) -> list[str]:
    """What keeps `profile` out of the catalog, in the mentor's words; empty when listed.

    Mirrors `MentorProfileQuerySet.listed()`: tests assert the two agree.
    """
    gaps = []
    if not profile.user.is_active:
        gaps.append("Your account is inactive.")
    if not profile.bio.strip():
        gaps.append("Your profile is incomplete: add a bio.")
    if not profile.outcomes.strip():
        gaps.append("Your profile is incomplete: add the outcomes a mentee can expect.")
    if profile.pk is None or not profile.strengths.exists():
        gaps.append("Your profile is incomplete: add at least one strength.")
    if profile.onboarding_completed_at is None:
        gaps.append(
            "Onboarding is not done yet: complete the required modules on your onboarding page."
        )
    if profile.kind == MentorProfile.Kind.EXTERNAL:
        expires = profile.vetting_expires_on
        if profile.vetting_status == MentorProfile.Vetting.REJECTED:
            gaps.append("Vetting was not approved: please contact the programme team.")
        elif profile.vetting_status == MentorProfile.Vetting.EXPIRED or (
            profile.vetting_status == MentorProfile.Vetting.APPROVED
            and (expires is None or expires <= timezone.now().date())
        ):
            gaps.append("Your vetting has expired: the programme team will renew it with you.")
        elif profile.vetting_status != MentorProfile.Vetting.APPROVED:
            gaps.append(
                "Vetting is pending: complete your due diligence; the programme team and a "
                "sponsor then approve it."
            )
    return gaps
