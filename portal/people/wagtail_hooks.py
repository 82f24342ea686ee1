"""Staff screens for people data in the Wagtail admin: the competency taxonomy."""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.people.models import Competency, CompetencyCluster


class CompetencyClusterViewSet(SnippetViewSet):
    model = CompetencyCluster
    icon = "folder-open-1"
    menu_label = "Clusters"
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]
    search_fields = ["name", "description"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "tag"
    menu_label = "Competencies"
    list_display = ["name", "cluster", "sort_order"]
    list_filter = ["cluster"]
    list_per_page = 50
    ordering = ["cluster__sort_order", "sort_order", "name"]
    search_fields = ["name", "description"]
    panels = [
        FieldPanel("cluster"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class TaxonomyGroup(SnippetViewSetGroup):
    """One menu entry, "Competency taxonomy", shared by profiles, goals, content and matching."""

    items = (CompetencyClusterViewSet, CompetencyViewSet)
    menu_icon = "tag"
    menu_label = "Competency taxonomy"
    menu_name = "competency-taxonomy"


register_snippet(TaxonomyGroup)
