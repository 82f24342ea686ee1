"""Reads of the library. `visible_pages_for(user)` is the one rule of who sees which item.

Every listing, search, feed, recommendation, collection and direct URL goes through it: Wagtail's
`.live()` does not apply view restrictions, and our audiences (mentors, a programme, a cohort)
are not Wagtail groups.

What the rule needs to know about a member is a `Reader` (roles, memberships, private sections
not passed), cached per member on the audience's scope. What the rule yields is cached per
audience (the reader's fingerprint, never the person) on the library's scope: the ids direct
URLs are checked against, recommendations, rendered listings. content/cache.py says what retires
each scope.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import HttpRequest

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from content.cache import AUDIENCE, LIBRARY
from content.models import (
    ITEM_TYPES,
    Audience,
    CuratedCollection,
    CuratedItem,
    LearningModulePage,
    LibraryPage,
    ModuleCompletion,
    NewsletterAudience,
    NewsletterSend,
    SimulationDecision,
    SimulationPage,
    SimulationRun,
)
from portal import generations
from portal.people.models import Competency, LearningGoal, MentorProfile, User
from portal.people.roles import ADMIN_ROLES, Role
from portal.programmes.models import Application, Cohort, CohortMembership, Engagement, Programme
from portal.programmes.queries import managed_programmes

PAGE_SIZE = 12
CARD_RENDITION = "fill-640x360"
AGGREGATE_MINIMUM = 5  # fewer players than this and the debrief shows no figures


# --- who sees what --------------------------------------------------------------------------------


def sees_everything(user) -> bool:
    """Staff who write, review and run the library see every item (they also use the admin)."""
    return user.is_superuser or user.may_use_admin


@dataclass(frozen=True)
class Reader:
    """What decides which items a member sees, as plain values: roles, the programmes and cohorts
    they belong to, the private sections they do not pass.

    Memberships are read once per generation of the audience (content/cache.py) and cached per
    member; roles come from the request's user. `fingerprint` names the audience, not the person, so
    members who see exactly the same items share cached listings.
    """

    sees_everything: bool
    is_mentor: bool
    programme_ids: tuple[int, ...]
    cohort_ids: tuple[int, ...]
    hidden_sections: tuple[str, ...]  # tree paths of Wagtail-private sections not passed

    @cached_property
    def fingerprint(self) -> str:
        if self.sees_everything:
            audience: tuple = ("everything", self.hidden_sections)
        else:
            audience = (self.is_mentor, self.programme_ids, self.cohort_ids, self.hidden_sections)
        return hashlib.sha256(repr(audience).encode()).hexdigest()[:32]

    def cached(self, name: str, parts: tuple, build):
        """What `build()` makes of the library as this audience sees it, kept until the library
        changes; `parts` are whatever else it depends on."""
        return generations.cached((name, self.fingerprint, *parts), (LIBRARY,), build)

    def audience_q(self) -> Q:
        """The audiences this reader belongs to, as a filter on LibraryPage."""
        q = Q(audience=Audience.MEMBERS)
        if self.is_mentor:
            q |= Q(audience=Audience.MENTORS)
        if self.programme_ids:
            q |= Q(audience=Audience.PROGRAMME, audience_programme_id__in=self.programme_ids)
        if self.cohort_ids:
            q |= Q(audience=Audience.COHORT, audience_cohort_id__in=self.cohort_ids)
        return q

    def hidden_q(self) -> Q:
        q = Q(pk__in=[])
        for path in self.hidden_sections:
            q |= Q(path__startswith=path)
        return q


def _programme_ids(user) -> tuple[int, ...]:
    """Programmes `user` takes part in: admitted, in one of its cohorts, in one of its pairs
    (either side), or managing it (`managed_programmes`, the staff screens' own rule: a person
    listed as a manager without the role manages nothing). One small query per way of
    belonging, in one UNION: a single join across all of them multiplies rows and was seconds
    slow at demo scale 10."""
    ways = [
        Application.objects.filter(applicant=user, status=Application.Status.ADMITTED).values_list(
            "programme_id"
        ),
        CohortMembership.objects.filter(user=user).values_list("cohort__cycle__programme_id"),
        Engagement.objects.filter(mentee=user).values_list("programme_id"),
        Engagement.objects.filter(mentor__user=user).values_list("programme_id"),
        managed_programmes(user).values_list("pk"),
    ]
    ids = ways[0].order_by().union(*(way.order_by() for way in ways[1:]))
    return tuple(sorted(pk for (pk,) in ids if pk is not None))


def _failed_restriction_paths(user) -> tuple[str, ...]:
    """Sections an editor made private in Wagtail (by group or password) that `user` does not
    pass; a password typed in one session does not open them in listings."""
    failing = (
        PageViewRestriction.objects.filter(
            restriction_type__in=[PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS]
        )
        .exclude(restriction_type=PageViewRestriction.GROUPS, groups__user=user)
        .values_list("page__path", flat=True)
    )
    return tuple(sorted(set(failing)))


def reader_for(user) -> Reader:
    """The signed-in `user` as the visibility rule sees them; memberships come from the cache."""
    memberships = generations.cached(
        ("content-reader", user.pk),
        (AUDIENCE,),
        lambda: (
            _programme_ids(user),
            tuple(
                sorted(CohortMembership.objects.filter(user=user).values_list("cohort", flat=True))
            ),
            _failed_restriction_paths(user),
        ),
    )
    programme_ids, cohort_ids, hidden = memberships
    return Reader(
        sees_everything=sees_everything(user),
        is_mentor=user.has_role(Role.MENTOR),
        programme_ids=programme_ids,
        cohort_ids=cohort_ids,
        hidden_sections=() if user.is_superuser else hidden,
    )


def visible_pages_for(user) -> PageQuerySet:
    """Live library items `user` may open. Anonymous visitors see nothing."""
    pages = LibraryPage.objects.live()
    if not user.is_authenticated:
        return pages.none()
    return _visible_to(reader_for(user), pages)


def _visible_to(reader: Reader, pages: PageQuerySet) -> PageQuerySet:
    """The body of visible_pages_for, for callers that already hold the reader (and key a cache
    by it: the entry must be computed from that same reader)."""
    if reader.hidden_sections:
        pages = pages.exclude(reader.hidden_q())
    if reader.sees_everything:
        return pages
    return pages.filter(reader.audience_q())


def visible_ids(user) -> frozenset[int]:
    """The ids of visible_pages_for(user), cached per audience until the library changes."""
    if not user.is_authenticated:
        return frozenset()
    reader = reader_for(user)
    return reader.cached(
        "content-visible",
        (),
        lambda: frozenset(
            _visible_to(reader, LibraryPage.objects.live()).values_list("pk", flat=True)
        ),
    )


def can_view(user, page: Page) -> bool:
    """Whether `user` may open `page` (a library item; other pages only need a signed-in user)."""
    if not user.is_authenticated:
        return False
    if not isinstance(page, LibraryPage):
        return True
    return page.pk in visible_ids(user)


# --- listings -------------------------------------------------------------------------------------


def type_choices() -> list[tuple[str, str]]:
    return [(model._meta.model_name, model.type_label) for model in ITEM_TYPES]


def for_cards(pages: PageQuerySet) -> PageQuerySet:
    """What a card shows, in a constant number of queries however many cards there are."""
    return pages.select_related("audience_programme", "card_image").prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.only("pk", "name", "slug")),
        # Wagtail's image tags use prefetched renditions: one query for every card's sizes
        # (none when no card has an image).
        "card_image__renditions",
    )


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
    filter. Callers must intersect with visible_pages_for (filtered_items does)."""
    results = LibraryPage.objects.live().search(query, operator="and")[:limit]
    return [page.pk for page in results]


class Listing:
    """One page of a library listing: filters, cards, and on the index its sections and
    collections.

    Everything but `cache_key` is computed on first use, so when the template finds the
    rendered listing in its fragment no query runs. The key holds all the listing depends on
    besides the library itself: the reader's audience (not the person), the page and the query
    string.
    """

    def __init__(self, request: HttpRequest, root: Page, with_collections: bool = False):
        self.request = request
        self.root = root
        self.with_collections = with_collections
        self.reader = reader_for(request.user) if request.user.is_authenticated else None

    @cached_property
    def cache_key(self) -> tuple:
        # A visitor who is not signed in sees no items: every such listing is the same.
        audience = self.reader.fingerprint if self.reader else "visitor"
        return (audience, self.root.pk, self.with_collections, self.request.GET.urlencode())

    @cached_property
    def form(self):
        from content.forms import LibraryFilterForm

        return LibraryFilterForm(self.request.GET or None, type_choices=type_choices())

    @cached_property
    def _filtered(self) -> tuple[PageQuerySet, str]:
        return filtered_items(self.request.user, self.form, root=self.root)

    @property
    def query(self) -> str:
        return self._filtered[1]

    @cached_property
    def is_filtered(self) -> bool:
        form = self.form
        return bool(form.is_bound and form.is_valid() and any(form.cleaned_data.values()))

    @cached_property
    def page_obj(self):
        paginator = Paginator(for_cards(self._filtered[0]), PAGE_SIZE)
        form = self.form
        page_number = form.cleaned_data.get("page") if form.is_bound and form.is_valid() else 1
        return paginator.get_page(page_number or 1)

    @cached_property
    def items(self) -> list[LibraryPage]:
        return list(self.page_obj.object_list)

    @cached_property
    def cards(self) -> list:
        """The items' cards, each from the shared card cache when it is there."""
        from content.cards import render_cards

        return render_cards(self.items)

    @cached_property
    def collections(self) -> list[CuratedCollection]:
        return collections_for(self.request.user) if self.with_collections else []

    @cached_property
    def sections(self) -> list[Page]:
        if not self.with_collections:
            return []
        return list(self.root.get_children().live().specific())


def listing_context(request: HttpRequest, root: Page, with_collections: bool = False) -> dict:
    """Context for the index and section pages: the (lazy) listing and the scope its fragments
    are kept on."""
    return {
        "listing": Listing(request, root, with_collections=with_collections),
        "library_scope": LIBRARY,
    }


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


def recommended_ids(user, limit: int = 4) -> list[int]:
    """Ids of the items for the member's learning goals: the bigger the gap a tag covers, the
    higher.

    Scored in the database (sum of the goal gaps an item's competencies cover), newest first on
    ties, and cached per audience and goals until the library changes: only the goals are read
    on every call. No goals, no recommendations: the caller decides what to show instead.
    """
    if not user.is_authenticated:
        return []
    gaps = {
        competency_id: target - current
        for competency_id, target, current in LearningGoal.objects.filter(user=user).values_list(
            "competency_id", "target_level", "current_level"
        )
    }
    if not gaps:
        return []
    reader = reader_for(user)

    def rank() -> list[int]:
        score = Sum(
            Case(
                *[When(competencies=pk, then=Value(gap)) for pk, gap in gaps.items()],
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        ranked = (
            _visible_to(reader, LibraryPage.objects.live())
            .filter(competencies__in=list(gaps))
            .annotate(score=score)
            .order_by("-score", "-first_published_at", "-pk")
        )
        return list(ranked.values_list("pk", flat=True)[:limit])

    return reader.cached("content-recommended", (limit, tuple(sorted(gaps.items()))), rank)


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


# --- mentor onboarding ----------------------------------------------------------------------------


def onboarding_modules(user) -> list[LearningModulePage]:
    """The live modules marked "required for mentors" that `user` may open, in library order,
    each with `completed` (a bool). A required module a mentor cannot open does not hold their
    onboarding back."""
    return list(
        LearningModulePage.objects.live()
        .filter(required_for_mentors=True, pk__in=visible_pages_for(user).values("pk"))
        .annotate(completed=Exists(ModuleCompletion.objects.filter(user=user, page=OuterRef("pk"))))
        .order_by("path")
    )


def required_modules_done(modules: list[LearningModulePage]) -> bool:
    """Whether these required modules complete an onboarding: there are some, all completed
    (with none required, a manager marks onboarding done with a reason)."""
    return bool(modules) and all(module.completed for module in modules)


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    url_name: str


def kickoff_checklist(
    mentor: MentorProfile, modules: list[LearningModulePage]
) -> list[ChecklistItem]:
    """What a new mentor does before their first mentee: the catalog profile the listing needs,
    when they can meet, and the required modules."""
    completed = sum(module.completed for module in modules)
    return [
        ChecklistItem(
            "Write your bio and the outcomes a mentee can expect",
            bool(mentor.bio.strip() and mentor.outcomes.strip()),
            "catalog:edit_profile",
        ),
        ChecklistItem(
            "Name at least one strength", mentor.strengths.exists(), "catalog:edit_profile"
        ),
        ChecklistItem(
            "Say when you can meet and how many mentees you take",
            bool(mentor.availability),
            "catalog:edit_profile",
        ),
        ChecklistItem(
            f"Complete the required modules ({completed} of {len(modules)} done)",
            mentor.onboarding_completed_at is not None or required_modules_done(modules),
            "",
        ),
    ]


# --- an editor's drafts -----------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A page with changes not published yet, and where it stands in the review workflow."""

    page: Page
    state: str
    in_review: bool


def drafts_of(user, limit: int = 10) -> tuple[int, list[Draft]]:
    """How many pages `user` owns or last edited with unpublished changes, and the latest
    `limit` of them with their review state (three queries however many there are)."""
    from wagtail.models import WorkflowState

    pages = Page.objects.filter(
        Q(owner=user) | Q(latest_revision__user=user), has_unpublished_changes=True
    )
    latest = list(
        pages.order_by("-latest_revision_created_at", "-pk")
        .select_related("content_type")
        .prefetch_related(
            Prefetch(
                "_workflow_states",
                queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
                to_attr="active_reviews",
            )
        )[:limit]
    )
    drafts = []
    for page in latest:
        review = page.active_reviews[0] if page.active_reviews else None
        if review is None:
            state = "Live, with unpublished changes" if page.live else "Draft, not sent for review"
        elif review.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state = "Changes requested"
        else:
            task = review.current_task_state.task if review.current_task_state else None
            state = f"In review: {task.name}" if task else "In review"
        drafts.append(Draft(page, state, review is not None))
    return pages.count(), drafts


# --- around an item -------------------------------------------------------------------------------


def related_items(user, page: LibraryPage, limit: int = 3) -> list[LibraryPage]:
    """Other items `user` may open that share the most competencies with `page`, newest first
    among equals (two queries and the cards' prefetches, however big the library)."""
    competency_ids = list(page.competencies.values_list("pk", flat=True))
    if not competency_ids:
        return []
    shared = Count("competencies", filter=Q(competencies__in=competency_ids), distinct=True)
    return list(
        for_cards(
            visible_pages_for(user)
            .exclude(pk=page.pk)
            .annotate(shared=shared)
            .filter(shared__gt=0)
            .order_by("-shared", "-first_published_at", "pk")
        )[:limit]
    )


def around_item(user, page: LibraryPage) -> dict:
    """An item page's "related items" and its community discussion: the topic if one is open,
    else whether the reader may open one. Only items every member may read are discussed in the
    every-member Q&A (a programme's item would show its title to everyone there)."""
    from forums.queries import community_discussion_of
    from forums.services import topic_url

    context: dict = {"related_items": related_items(user, page)}
    if page.is_restricted:
        return context
    topic = community_discussion_of(page.url)
    context["discussion_url"] = topic_url(topic) if topic else ""
    context["may_discuss"] = True
    return context


# --- newsletters: who a page may be sent to --------------------------------------------------


def _holds_role(*roles: Role) -> Exists:
    return Exists(
        User.groups.through.objects.filter(
            user_id=OuterRef("pk"), group__name__in=[role.value for role in roles]
        )
    )


def _takes_part_in(programme_id: int, *, managers: bool) -> Q:
    """People who take part in a programme, in the ways `_programme_ids` counts, as a filter on
    User (each way an EXISTS, so no row is repeated however many ways a person belongs)."""
    person = OuterRef("pk")
    q = (
        Q(
            Exists(
                Application.objects.filter(
                    applicant=person,
                    programme_id=programme_id,
                    status=Application.Status.ADMITTED,
                )
            )
        )
        | Q(
            Exists(
                CohortMembership.objects.filter(
                    user=person, cohort__cycle__programme_id=programme_id
                )
            )
        )
        | Q(Exists(Engagement.objects.filter(mentee=person, programme_id=programme_id)))
        | Q(Exists(Engagement.objects.filter(mentor__user=person, programme_id=programme_id)))
    )
    if managers:
        listed = Programme.managers.through.objects.filter(
            user_id=person, programme_id=programme_id
        )
        q |= Q(Exists(listed)) & Q(_holds_role(Role.PROGRAMME_MANAGER))
    return q


def readers_of(page: LibraryPage) -> QuerySet[User]:
    """Active people who may open `page`: the rule of `visible_pages_for` turned around, from the
    page to its readers, so a page is only ever sent to people who could open it.

    Staff who see everything (superusers, admin roles) and the page's audience (members,
    mentors, one programme's people, one cohort); then every view restriction an editor put on
    the page or a section above it (Wagtail's groups or password), which only superusers pass
    without belonging (as in `reader_for`). tests/notifications/test_newsletters.py checks that
    both directions agree for every member of the cast."""
    people = User.objects.filter(is_active=True)
    if page.audience == Audience.MENTORS:
        audience = Q(_holds_role(Role.MENTOR))
    elif page.audience == Audience.PROGRAMME:
        audience = _takes_part_in(page.audience_programme_id, managers=True)
    elif page.audience == Audience.COHORT:
        audience = Q(
            Exists(
                CohortMembership.objects.filter(user=OuterRef("pk"), cohort=page.audience_cohort_id)
            )
        )
    else:
        audience = Q()
    if audience:
        people = people.filter(Q(is_superuser=True) | Q(_holds_role(*ADMIN_ROLES)) | audience)
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            people = people.filter(is_superuser=True)
        elif restriction.restriction_type == PageViewRestriction.GROUPS:
            in_groups = User.groups.through.objects.filter(
                user_id=OuterRef("pk"), group__in=restriction.groups.all()
            )
            people = people.filter(Q(is_superuser=True) | Q(Exists(in_groups)))
    return people


@dataclass(frozen=True)
class NewsletterChoice:
    """An audience a newsletter is sent to: a kind, with its programme or cohort."""

    audience: str
    programme: Programme | None = None
    cohort: Cohort | None = None

    @property
    def label(self) -> str:
        if self.audience == NewsletterAudience.PROGRAMME and self.programme:
            return f"{self.programme.name} participants"
        if self.audience == NewsletterAudience.COHORT and self.cohort:
            return f"{self.cohort.cycle.programme.name} · {self.cohort.name} participants"
        return NewsletterAudience(self.audience).label

    def people(self) -> QuerySet[User]:
        """Everyone in this audience, whether or not they may open a given page."""
        people = User.objects.filter(is_active=True)
        if self.audience == NewsletterAudience.MENTORS:
            return people.filter(_holds_role(Role.MENTOR))
        if self.audience == NewsletterAudience.MENTEES:
            return people.filter(_holds_role(Role.MENTEE))
        if self.audience == NewsletterAudience.PROGRAMME and self.programme:
            return people.filter(_takes_part_in(self.programme.pk, managers=False))
        if self.audience == NewsletterAudience.COHORT and self.cohort:
            return people.filter(
                Q(Exists(CohortMembership.objects.filter(user=OuterRef("pk"), cohort=self.cohort)))
                | Q(
                    Exists(
                        Engagement.objects.filter(mentor__user=OuterRef("pk"), cohort=self.cohort)
                    )
                )
            )
        if self.audience == NewsletterAudience.EVERYONE:
            return people
        return people.none()

    def sends(self, page: LibraryPage) -> QuerySet[NewsletterSend]:
        """Earlier sends of `page` to this same audience, newest first."""
        return NewsletterSend.objects.filter(
            page_id=page.pk,
            audience=self.audience,
            programme=self.programme,
            cohort=self.cohort,
        ).select_related("sent_by")


def newsletter_recipients(page: LibraryPage, choice: NewsletterChoice) -> QuerySet[User]:
    """The people of `choice` who may open `page` and have an address: who it will reach."""
    return choice.people().filter(pk__in=readers_of(page).values("pk")).exclude(email="")


def newsletter_sends(page: LibraryPage) -> list[NewsletterSend]:
    """Every send of `page`, newest first, with who sent it (one query)."""
    return list(NewsletterSend.objects.filter(page_id=page.pk).select_related("sent_by"))
