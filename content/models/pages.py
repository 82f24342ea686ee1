"""The library's page types: the index, its sections and the six kinds of item."""

from django.db import models

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content import blocks
from content.forms import SuccessStoryForm
from content.models.library import CachedViewRestrictionsMixin, ContentFormat, LibraryPage
from content.models.titles import OneLineTitleMixin
from content.panels import NewsletterSendsPanel

ITEM_PAGE_TYPES = [
    "content.CaseStudyPage",
    "content.PlaybookPage",
    "content.SimulationPage",
    "content.SuccessStoryPage",
    "content.LearningModulePage",
    "content.ArticlePage",
]


class LibraryIndexPage(OneLineTitleMixin, CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """The library's front door: every item a member may see, filters, collections, feeds."""

    intro = models.TextField(
        max_length=400, blank=True, help_text="A sentence or two under the library's title."
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.LibrarySectionPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "library index"

    def get_context(self, request, *args, **kwargs):
        from content.queries import listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(request, root=self, with_collections=True))
        return context

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from content.feeds import StoriesRssFeed

        return StoriesRssFeed(self)(request)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        from content.feeds import StoriesAtomFeed

        return StoriesAtomFeed(self)(request)


class LibrarySectionPage(OneLineTitleMixin, CachedViewRestrictionsMixin, Page):
    """A shelf of the library (case studies, playbooks…) that lists and filters its children."""

    intro = models.TextField(max_length=400, blank=True, help_text="What this section holds.")

    parent_page_types = ["content.LibraryIndexPage"]
    subpage_types = ITEM_PAGE_TYPES
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "library section"

    def get_context(self, request, *args, **kwargs):
        from content.queries import listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(request, root=self))
        return context


# --- items ----------------------------------------------------------------------------------------


class CaseStudyPage(LibraryPage):
    organisation_context = models.CharField(
        max_length=160,
        blank=True,
        help_text="The setting in a few words, e.g. “A regional bank after a merger”.",
    )
    body = StreamField(
        blocks.CaseStudyBlock(), help_text="Context, dilemma, action, outcome, questions."
    )

    type_label = "Case study"
    parent_page_types = ["content.LibrarySectionPage"]
    subpage_types: list[str] = []
    search_fields = [*LibraryPage.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        *LibraryPage.library_panels,
        FieldPanel("organisation_context"),
        FieldPanel("body"),
    ]
    settings_panels = [*LibraryPage.audience_panels, *Page.settings_panels]

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"


class PlaybookPage(LibraryPage):
    class Stage(models.TextChoices):
        BEFORE = "before", "Before the first meeting"
        FIRST = "first", "The first meeting"
        GOALS = "goals", "Setting goals"
        MIDPOINT = "midpoint", "The mid-point review"
        STUCK = "stuck", "When it gets stuck"
        CLOSING = "closing", "Closing well"

    stage = models.CharField(
        max_length=10, choices=Stage.choices, help_text="The mentoring stage this playbook is for."
    )
    body = StreamField(
        blocks.PlaybookBlock(), help_text="Steps with time estimates and checklists."
    )

    type_label = "Mentor playbook"
    default_format = ContentFormat.CHECKLIST
    parent_page_types = ["content.LibrarySectionPage"]
    subpage_types: list[str] = []
    search_fields = [*LibraryPage.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        *LibraryPage.library_panels,
        FieldPanel("stage"),
        FieldPanel("body"),
    ]
    settings_panels = [*LibraryPage.audience_panels, *Page.settings_panels]

    class Meta:
        verbose_name = "mentor playbook"

    def total_minutes(self) -> int:
        return sum(block.value["minutes"] for block in self.body if block.block_type == "step")


class SimulationPage(RoutablePageMixin, LibraryPage):
    """A branching decision exercise, played one situation at a time (a form POST per choice)."""

    intro = models.TextField(
        max_length=600, help_text="The set-up the player reads before starting."
    )
    scenario = StreamField(
        blocks.ScenarioBlock(),
        help_text="Players start at the first situation. Each choice names the key it leads to.",
    )
    debrief = RichTextField(
        features=blocks.PROSE_FEATURES,
        help_text="What the exercise teaches; shown with the player's path and everyone's choices.",
    )

    type_label = "Scenario simulation"
    default_format = ContentFormat.PRACTISE
    parent_page_types = ["content.LibrarySectionPage"]
    subpage_types: list[str] = []
    # The debrief is found by Wagtail's own search (editors) but never shown in portal search
    # snippets: members see it only after finishing a run.
    search_results_exclude = ("debrief",)
    search_fields = [
        *LibraryPage.search_fields,
        index.SearchField("intro"),
        index.SearchField("debrief"),
    ]
    content_panels = [
        *Page.content_panels,
        *LibraryPage.library_panels,
        FieldPanel("intro"),
        FieldPanel("scenario"),
        FieldPanel("debrief"),
    ]
    settings_panels = [*LibraryPage.audience_panels, *Page.settings_panels]

    class Meta:
        verbose_name = "scenario simulation"

    def nodes(self) -> dict[str, tuple[str, dict]]:
        """Every situation and ending by key: {key: (block_type, value)}."""
        return {block.value["key"]: (block.block_type, block.value) for block in self.scenario}

    def start_key(self) -> str:
        return self.scenario[0].value["key"]

    def get_context(self, request, *args, **kwargs):
        from content.services import current_run

        context = super().get_context(request, *args, **kwargs)
        context["run"] = current_run(request.user, self)
        return context

    @path("play/", name="play")
    def play(self, request):
        from content import views

        return views.play_simulation(request, self)

    @path("debrief/", name="debrief")
    def debrief_view(self, request):
        from content import views

        return views.simulation_debrief(request, self)


class SuccessStoryPage(LibraryPage):
    """A mentor–mentee journey with outcomes. People are named only with recorded consent."""

    mentee_description = models.CharField(
        max_length=160, help_text="Who the mentee was, e.g. “A finance director new to the board”."
    )
    mentor_description = models.CharField(
        max_length=160, help_text="Who the mentor was, e.g. “A retired group CFO”."
    )
    body = StreamField(blocks.StoryBlock(), help_text="The journey, quotes and outcomes.")

    type_label = "Success story"
    base_form_class = SuccessStoryForm
    parent_page_types = ["content.LibrarySectionPage"]
    subpage_types: list[str] = []
    search_fields = [*LibraryPage.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        *LibraryPage.library_panels,
        FieldPanel("mentee_description"),
        FieldPanel("mentor_description"),
        FieldPanel("body"),
        MultiFieldPanel(
            [InlinePanel("named_people", label="Person named")],
            heading="People named in this story",
            help_text="Anyone named in the story must be listed here with their recorded consent.",
        ),
    ]
    settings_panels = [*LibraryPage.audience_panels, *Page.settings_panels]

    class Meta:
        verbose_name = "success story"
        verbose_name_plural = "success stories"


class LearningModulePage(RoutablePageMixin, LibraryPage):
    """A short video or audio piece with reflective prompts; reflections are private."""

    body = StreamField(blocks.ModuleBlock(), help_text="The media, a little text and prompts.")
    required_for_mentors = models.BooleanField(
        "required for mentors",
        default=False,
        help_text=(
            "Part of every mentor's onboarding: a mentor becomes matchable once they have "
            "completed every required module they can open."
        ),
    )

    type_label = "Micro-learning"
    default_format = ContentFormat.WATCH
    parent_page_types = ["content.LibrarySectionPage"]
    subpage_types: list[str] = []
    search_fields = [*LibraryPage.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        *LibraryPage.library_panels,
        FieldPanel("required_for_mentors"),
        FieldPanel("body"),
    ]
    settings_panels = [*LibraryPage.audience_panels, *Page.settings_panels]

    class Meta:
        verbose_name = "micro-learning module"

    def prompts(self) -> list:
        return [block for block in self.body if block.block_type == "prompt"]

    def get_context(self, request, *args, **kwargs):
        from content.forms import ReflectionForm
        from content.models.activity import ModuleCompletion, Reflection

        context = super().get_context(request, *args, **kwargs)
        mine = Reflection.objects.for_user(request.user).filter(page=self)
        initial = {f"prompt-{r.prompt_id}": r.text for r in mine}
        context["reflection_form"] = ReflectionForm(initial=initial, prompts=self.prompts())
        context["completion"] = (
            ModuleCompletion.objects.filter(user=request.user, page=self).first()
            if request.user.is_authenticated
            else None
        )
        return context

    @path("reflect/", name="reflect")
    def reflect(self, request):
        from content import views

        return views.save_reflections(request, self)

    @path("complete/", name="complete")
    def complete(self, request):
        from content import views

        return views.complete_module(request, self)


class ArticlePage(LibraryPage):
    """A newsletter issue or an executive blog post: the storytelling channels."""

    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", "Newsletter"
        BLOG = "blog", "Executive blog"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEWSLETTER)
    byline = models.CharField(
        max_length=120, help_text="Who signs it, e.g. “James Whitfield, Chief People Officer”."
    )
    body = StreamField(blocks.ProseBlock())

    type_label = "Newsletter & blog"
    parent_page_types = ["content.LibrarySectionPage"]
    subpage_types: list[str] = []
    search_fields = [*LibraryPage.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        *LibraryPage.library_panels,
        FieldPanel("kind"),
        FieldPanel("byline"),
        FieldPanel("body"),
        NewsletterSendsPanel(heading="Sent as a newsletter"),
    ]
    settings_panels = [*LibraryPage.audience_panels, *Page.settings_panels]

    class Meta:
        verbose_name = "newsletter or blog post"
