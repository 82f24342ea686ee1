"""The base every library item shares: summary, competency tags, format, audience, card image.

`LibraryPage` is a concrete page model (one table) so listings, filters, recommendations and
feeds query every item type at once without loading each type's own table.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from content import reading
from content.admin_forms import LibraryPageForm
from content.cache import LIBRARY
from content.models.titles import OneLineTitleMixin
from portal import generations


class ContentFormat(models.TextChoices):
    """How an item is consumed; members filter the library by it."""

    READ = "read", "Read"
    WATCH = "watch", "Watch"
    LISTEN = "listen", "Listen"
    PRACTISE = "practise", "Practise"
    CHECKLIST = "checklist", "Checklist"


class Audience(models.TextChoices):
    MEMBERS = "members", "Every signed-in member"
    MENTORS = "mentors", "Mentors only"
    PROGRAMME = "programme", "One programme"
    COHORT = "cohort", "One cohort"


class CachedViewRestrictionsMixin:
    """Wagtail checks a page's privacy on every request by reading its ancestors and their
    restrictions (two queries). Which restrictions apply only changes when pages or restrictions
    do, so their ids are cached on the library's scope (content/cache.py); the restrictions
    themselves are read only when there are some."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        if self.pk is None:  # a page being created has no restrictions of its own to cache
            return super().get_view_restrictions()
        read_restrictions = super().get_view_restrictions
        ids = generations.cached(
            ("content-restrictions", self.pk),
            (LIBRARY,),
            lambda: list(read_restrictions().values_list("pk", flat=True)),
        )
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)


class LibraryPage(OneLineTitleMixin, CachedViewRestrictionsMixin, Page):
    """A library item. Not creatable itself: editors create one of its types."""

    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences for cards, search results, feeds and link previews.",
    )
    competencies = ParentalManyToManyField(
        "people.Competency",
        related_name="library_items",
        help_text="The competencies this item helps grow; members' goals are matched to these.",
    )
    content_format = models.CharField(
        "format",
        max_length=12,
        choices=ContentFormat.choices,
        default=ContentFormat.READ,
        help_text="How members take this item in.",
    )
    minutes = models.PositiveSmallIntegerField(
        default=10, help_text="About how long the item takes, in minutes."
    )
    audience = models.CharField(
        max_length=10,
        choices=Audience.choices,
        default=Audience.MEMBERS,
        help_text="Who may find and open this item, everywhere: listings, search, feeds, links.",
    )
    audience_programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="programme",
        help_text="With “One programme”: its participants, mentors and managers.",
    )
    audience_cohort = models.ForeignKey(
        "programmes.Cohort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cohort",
        help_text="With “One cohort”: its members only.",
    )
    card_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on cards, at the top of the item and in link previews.",
    )
    card_image_alt = models.CharField(
        "card image alt text",
        max_length=250,
        blank=True,
        help_text="Required with an image: describe what it shows.",
    )
    reading_minutes = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        help_text="Minutes to read the item's text, computed from its words when it is saved.",
    )

    is_creatable = False
    base_form_class = LibraryPageForm
    parent_page_types = ["content.LibrarySectionPage"]
    subpage_types: list[str] = []
    default_format = ContentFormat.READ
    type_label = "Library item"

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.RelatedFields("competencies", [index.SearchField("name")]),
        index.FilterField("audience"),
        index.FilterField("content_format"),
    ]

    library_panels = [
        FieldPanel("summary"),
        FieldPanel("competencies", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("content_format"), FieldPanel("minutes")]),
        MultiFieldPanel(
            [FieldPanel("card_image"), FieldPanel("card_image_alt")], heading="Card image"
        ),
    ]
    audience_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_programme"),
                FieldPanel("audience_cohort"),
            ],
            heading="Audience",
        )
    ]

    class Meta:
        verbose_name = "library item"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.pk and not kwargs.get("content_format"):
            self.content_format = self.default_format

    def save(self, *args, **kwargs):
        self.reading_minutes = reading.reading_minutes(self.reading_text())
        return super().save(*args, **kwargs)

    def reading_text(self) -> str:
        """Every word a reader of this item meets: title, summary and the type's own text
        fields and blocks (read from the instance's class, so a specific item gives them all)."""
        from wagtail.fields import StreamField

        from content.blocks import text_of

        parts = [self.title, self.summary]
        for field in type(self)._meta.concrete_fields:
            if field.model is Page:
                continue
            value = getattr(self, field.attname)
            if isinstance(field, StreamField):
                # A media block's transcript stands in for the media: it is not extra reading.
                parts.append(text_of([b for b in value.raw_data if b.get("type") != "media"]))
            elif isinstance(field, models.TextField) and field.name != "summary":
                parts.append(strip_tags(value or ""))
        return " ".join(parts)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.audience == Audience.PROGRAMME and not self.audience_programme_id:
            errors["audience_programme"] = "Choose the programme whose people may see this item."
        if self.audience == Audience.COHORT and not self.audience_cohort_id:
            errors["audience_cohort"] = "Choose the cohort whose members may see this item."
        if self.audience != Audience.PROGRAMME and self.audience_programme_id:
            errors["audience_programme"] = (
                "Only set a programme when the audience is one programme."
            )
        if self.audience != Audience.COHORT and self.audience_cohort_id:
            errors["audience_cohort"] = "Only set a cohort when the audience is one cohort."
        if self.card_image_id and not self.card_image_alt.strip():
            errors["card_image_alt"] = "Add alt text for the card image: describe what it shows."
        if errors:
            raise ValidationError(errors)

    @property
    def type_name(self) -> str:
        """The item's type as members read it, without loading the specific page."""
        model = self.specific_class
        return getattr(model, "type_label", "Library item") if model else self.type_label

    @property
    def is_restricted(self) -> bool:
        return self.audience != Audience.MEMBERS

    def audience_label(self) -> str:
        """A short label for cards (listings select_related the programme)."""
        if self.audience == Audience.PROGRAMME and self.audience_programme_id:
            return f"{self.audience_programme.name} only"
        if self.audience == Audience.COHORT:
            return "Your cohort only"
        return self.get_audience_display()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The fragments of the item page that are the same for every reader are kept on it.
        context["library_scope"] = LIBRARY
        from content.queries import around_item  # queries import the models

        context.update(around_item(request.user, self))
        return context
