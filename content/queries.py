"""Reads of the library. `visible_pages_for(user)` is the one rule of who sees which item.

Every listing, search, feed, recommendation, collection and direct URL goes through it: Wagtail's
`.live()` does not apply view restrictions, and our audiences (mentors, a programme, a cohort)
are not Wagtail groups.
"""

import functools
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Sum, Value, When
from django.http import HttpRequest

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from content.models import (
    ITEM_TYPES,
    Audience,
    CuratedCollection,
    CuratedItem,
    LibraryPage,
    SimulationDecision,
    SimulationPage,
    SimulationRun,
)
from portal.people.models import Competency, LearningGoal, User
from portal.people.roles import Role
from portal.programmes.models import Application, CohortMembership, Engagement, Programme

PAGE_SIZE = 12
CARD_RENDITION = "fill-640x360"
AGGREGATE_MINIMUM = 5  # fewer players than this and the debrief shows no figures


# --- who sees what --------------------------------------------------------------------------------


def sees_everything(user) -> bool:
    """Staff who write, review and run the library see every item (they also use the admin)."""
    return user.is_superuser or user.may_use_admin


def _programme_q(user) -> Q:
    """Programme items for the programmes `user` takes part in: admitted, in one of its cohorts,
    in one of its pairs (either side), or managing it. One small subquery per way of belonging:
    a single join across all of them multiplies rows and was seconds slow at demo scale 10."""
    ways = [
        Application.objects.filter(applicant=user, status=Application.Status.ADMITTED).values(
            "programme_id"
        ),
        CohortMembership.objects.filter(user=user).values("cohort__cycle__programme_id"),
        Engagement.objects.filter(mentee=user).values("programme_id"),
        Engagement.objects.filter(mentor__user=user).values("programme_id"),
        Programme.managers.through.objects.filter(user=user).values("programme_id"),
    ]
    q = Q(pk__in=[])
    for programme_ids in ways:
        q |= Q(audience_programme__in=programme_ids)
    return Q(audience=Audience.PROGRAMME) & q


def _failed_view_restrictions(user) -> Q:
    """Sections an editor made private in Wagtail that this member does not pass."""
    if user.is_superuser:
        return Q(pk__in=[])
    failing = (
        PageViewRestriction.objects.filter(
            restriction_type__in=[PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS]
        )
        .exclude(restriction_type=PageViewRestriction.GROUPS, groups__user=user)
        .select_related("page")
    )
    q = Q(pk__in=[])
    for restriction in failing:
        q |= Q(path__startswith=restriction.page.path, depth__gte=restriction.page.depth)
    return q


def audience_q(user) -> Q:
    """The audiences `user` belongs to, as a filter on LibraryPage."""
    q = Q(audience=Audience.MEMBERS)
    if user.has_role(Role.MENTOR):
        q |= Q(audience=Audience.MENTORS)
    q |= _programme_q(user)
    q |= Q(
        audience=Audience.COHORT,
        audience_cohort__in=CohortMembership.objects.filter(user=user).values("cohort"),
    )
    return q


def visible_pages_for(user) -> PageQuerySet:
    """Live library items `user` may open. Anonymous visitors see nothing."""
    pages = LibraryPage.objects.live()
    if not user.is_authenticated:
        return pages.none()
    pages = pages.exclude(_failed_view_restrictions(user))
    if sees_everything(user):
        return pages
    return pages.filter(audience_q(user))


def can_view(user, page: Page) -> bool:
    """Whether `user` may open `page` (a library item; other pages only need a signed-in user)."""
    if not user.is_authenticated:
        return False
    if not isinstance(page, LibraryPage):
        return True
    return visible_pages_for(user).filter(pk=page.pk).exists()


# --- listings -------------------------------------------------------------------------------------


def type_choices() -> list[tuple[str, str]]:
    return [(model._meta.model_name, model.type_label) for model in ITEM_TYPES]


def for_cards(pages: PageQuerySet) -> PageQuerySet:
    """What a card shows, in a constant number of queries however many cards there are."""
    return pages.select_related("audience_programme", "card_image").prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.only("pk", "name", "slug"))
    )


@dataclass
class Listing:
    form: object
    page_obj: object
    items: list
    total: int
    query: str


def filtered_items(user, form, root: Page | None = None) -> tuple[PageQuerySet, str]:
    """Visible items under `root`, narrowed by the valid filters of `form`; (items, query)."""
    pages = visible_pages_for(user)
    if root is not None:
        pages = pages.descendant_of(root)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("competency"):
        pages = pages.filter(competencies=data["competency"])
    if data.get("format"):
        pages = pages.filter(content_format=data["format"])
    if data.get("type"):
        model = {m._meta.model_name: m for m in ITEM_TYPES}[data["type"]]
        pages = pages.type(model)
    query = (data.get("q") or "").strip()
    if query:
        pages = pages.filter(pk__in=search_ids(query))
    return pages.order_by("-first_published_at", "-pk"), query


def search_ids(query: str, limit: int = 500) -> list[int]:
    """Ids of library items matching `query` in Wagtail's search index, before any visibility
    filter. Callers must intersect with visible_pages_for (filtered_items, search_library)."""
    results = LibraryPage.objects.live().search(query, operator="and")[:limit]
    return [page.pk for page in results]


def search_library(user, query: str, limit: int = 20) -> list[LibraryPage]:
    """Search results a member may see, best first (for the portal's search page)."""
    ids = search_ids(query)
    if not ids:
        return []
    rank = {pk: n for n, pk in enumerate(ids)}
    pages = for_cards(visible_pages_for(user).filter(pk__in=ids))
    return sorted(pages, key=lambda page: rank[page.pk])[:limit]


def listing_context(request: HttpRequest, root: Page, with_collections: bool = False) -> dict:
    """Context for the index and section pages: filters, one page of cards, collections."""
    from content.forms import LibraryFilterForm

    form = LibraryFilterForm(request.GET or None, type_choices=type_choices())
    pages, query = filtered_items(request.user, form, root=root)
    paginator = Paginator(for_cards(pages), PAGE_SIZE)
    page_number = form.cleaned_data.get("page") if form.is_bound and form.is_valid() else 1
    page_obj = paginator.get_page(page_number or 1)
    context = {
        "filter_form": form,
        "page_obj": page_obj,
        "items": list(page_obj.object_list),
        "query": query,
        "is_filtered": bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values())),
    }
    if with_collections:
        # Called by the template only when its per-member fragment cache misses.
        context["collections"] = functools.partial(collections_for, request.user)
        context["sections"] = root.get_children().live().specific()
    return context


def collections_for(user, featured_only: bool = True) -> list[CuratedCollection]:
    """Curated collections with only the items `user` may see; empty collections are left out."""
    visible = for_cards(visible_pages_for(user))
    items = CuratedItem.objects.filter(page__in=visible.values("pk")).select_related("page")
    collections = CuratedCollection.objects.select_related("cluster").prefetch_related(
        Prefetch("items", queryset=items.order_by("sort_order"), to_attr="visible_items")
    )
    if featured_only:
        collections = collections.filter(is_featured=True)
    return [collection for collection in collections if collection.visible_items]


def recommended_for(user, limit: int = 4) -> list[LibraryPage]:
    """Items for the member's learning goals: the bigger the gap a tag covers, the higher.

    Scored in the database (sum of the goal gaps an item's competencies cover), newest first on
    ties. No goals, no recommendations: the caller decides what to show instead.
    """
    if not user.is_authenticated:
        return []
    gaps = {
        goal.competency_id: goal.target_level - goal.current_level
        for goal in LearningGoal.objects.filter(user=user).only(
            "competency_id", "target_level", "current_level"
        )
    }
    if not gaps:
        return []
    score = Sum(
        Case(
            *[When(competencies=pk, then=Value(gap)) for pk, gap in gaps.items()],
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    ranked = (
        visible_pages_for(user)
        .filter(competencies__in=list(gaps))
        .annotate(score=score)
        .order_by("-score", "-first_published_at", "-pk")
    )
    return list(for_cards(ranked)[:limit])


# --- success stories ------------------------------------------------------------------------------


def people_named_in(text: str) -> list[tuple[int, str]]:
    """Members whose full name appears in `text`, as (id, name); case and punctuation ignored."""
    normalised = (
        " " + " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) + " "
    )
    named = []
    for pk, first, last in User.objects.values_list("pk", "first_name", "last_name"):
        full = " ".join(f"{first} {last}".lower().split())
        if full.strip() and f" {full} " in normalised:
            named.append((pk, f"{first} {last}"))
    return named


# --- simulations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceShare:
    label: str
    percent: int
    is_yours: bool


@dataclass(frozen=True)
class SituationShares:
    title: str
    players: int
    choices: list[ChoiceShare]


def everyone_choices(page: SimulationPage, your_run: SimulationRun | None) -> dict:
    """How all players chose at each situation, as percentages counted in the database.

    Only each member's first finished run counts. With fewer than AGGREGATE_MINIMUM players (in
    the exercise, or at one situation) the figures are withheld so no one's choice can be guessed.
    """
    counted = SimulationRun.objects.filter(page=page, counts_in_aggregate=True)
    players = counted.count()
    if players < AGGREGATE_MINIMUM:
        return {"players": players, "suppressed": True, "situations": []}
    rows = (
        SimulationDecision.objects.filter(run__in=counted.values("pk"))
        .values("situation_key", "choice_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["situation_key"], {})[row["choice_id"]] = row["n"]
    yours = {step["choice"] for step in (your_run.path if your_run else [])}
    situations = []
    for block in page.scenario:
        if block.block_type != "situation" or block.value["key"] not in counts:
            continue
        by_choice = counts[block.value["key"]]
        reached = sum(by_choice.values())
        if reached < AGGREGATE_MINIMUM:
            continue
        shares = [
            ChoiceShare(
                choice.value["label"],
                round(100 * by_choice.get(choice.id, 0) / reached),
                choice.id in yours,
            )
            for choice in block.value["choices"].bound_blocks
        ]
        situations.append(SituationShares(block.value["title"], reached, shares))
    return {"players": players, "suppressed": False, "situations": situations}
