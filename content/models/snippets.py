"""Snippets editors manage: consent to be named, the people a story names, curated collections."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class ConsentRecordQuerySet(models.QuerySet):
    def active(self) -> "ConsentRecordQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class ConsentRecord(index.Indexed, models.Model):
    """A member's recorded consent to be named in published stories; withdrawable."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="naming_consents"
    )
    given_on = models.DateField(default=timezone.localdate, help_text="When consent was given.")
    evidence = models.CharField(
        max_length=200,
        help_text="How it was recorded, e.g. “Signed release form, filed by Mei Chen”.",
    )
    scope = models.CharField(
        max_length=200,
        default="Named in success stories on Lodestar",
        help_text="What the person agreed to.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when consent is withdrawn: stories naming the person can then no longer "
        "be saved or published until the name is removed.",
    )

    objects = ConsentRecordQuerySet.as_manager()

    panels = [FieldPanel("person"), FieldPanel("given_on"), FieldPanel("evidence"),
              FieldPanel("scope"), FieldPanel("withdrawn_at")]  # fmt: skip
    search_fields = [
        index.RelatedFields(
            "person", [index.SearchField("first_name"), index.SearchField("last_name")]
        ),
        index.SearchField("evidence"),
    ]

    class Meta:
        verbose_name = "consent to be named"
        verbose_name_plural = "consents to be named"
        ordering = ["person__last_name", "person__first_name"]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else f"given {self.given_on:%d %b %Y}"
        return f"{self.person.get_full_name()} ({state})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class StoryPerson(Orderable):
    """A person a success story names, tied to their consent record."""

    page = ParentalKey(
        "content.SuccessStoryPage", on_delete=models.CASCADE, related_name="named_people"
    )
    consent = models.ForeignKey(
        ConsentRecord,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Choose the person's consent record (Snippets → Consents to be named).",
    )
    role_in_story = models.CharField(max_length=80, help_text="e.g. “Mentee” or “Mentor”.")

    panels = [FieldPanel("consent"), FieldPanel("role_in_story")]

    def __str__(self) -> str:
        return f"{self.consent.person} ({self.role_in_story})"


class CuratedCollection(ClusterableModel):
    """A hand-picked reading list editors assemble, usually one per competency cluster."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    cluster = models.ForeignKey(
        "people.CompetencyCluster",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The competency cluster this collection serves, if any.",
    )
    intro = models.TextField(max_length=400, help_text="Why these items belong together.")
    is_featured = models.BooleanField(default=True, help_text="Show on the library's front page.")

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("cluster"), FieldPanel("intro"),
              FieldPanel("is_featured"), InlinePanel("items", label="Item", min_num=1)]  # fmt: skip

    class Meta:
        ordering = ["cluster__sort_order", "title"]

    def __str__(self) -> str:
        return self.title


class CuratedItem(Orderable):
    collection = ParentalKey(CuratedCollection, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey(
        "content.LibraryPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Members only see the items their audience allows.",
    )

    panels = [FieldPanel("page")]

    def __str__(self) -> str:
        return str(self.page)
