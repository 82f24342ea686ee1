"""Staff screens for people data in the Wagtail admin: the competency taxonomy, the People
screens (admin_views.py) and the organisation's allowed sign-up domains."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.people import admin_views, services
from portal.people.models import (
    AllowedDomain,
    Competency,
    CompetencyCluster,
    PersonLogEntry,
    User,
)
from portal.people.roles import may_manage_people


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


class AllowedDomainViewSet(SnippetViewSet):
    """Programme managers (model permissions, services.MODEL_PERMISSIONS) and superusers."""

    model = AllowedDomain
    icon = "globe"
    menu_label = "Sign-up domains"
    add_to_admin_menu = False
    list_display = ["domain", "grant_at_once", "note"]
    search_fields = ["domain", "note"]
    panels = [FieldPanel("domain"), FieldPanel("grant_at_once"), FieldPanel("note")]


register_snippet(AllowedDomainViewSet)


@hooks.register("register_log_actions")
def register_person_log(actions):
    """Role changes are logged on the person (models.PersonLogEntry) with their reason."""
    actions.register_model(User, PersonLogEntry)
    actions.register_action(services.ROLE_GRANTED, "Grant role", "Role granted")
    actions.register_action(services.ROLE_REMOVED, "Remove role", "Role removed")
    actions.register_action(services.ROLE_REQUESTED, "Request role", "Role requested")
    actions.register_action(
        services.ROLE_REQUEST_DECLINED, "Decline role request", "Role request declined"
    )


@hooks.register("register_admin_urls")
def register_people_urls():
    return [
        path("people/", admin_views.PeopleIndexView.as_view(), name="people_index"),
        path("people/<id:pk>/", admin_views.PersonView.as_view(), name="people_person"),
        path(
            "people/role-requests/",
            admin_views.RoleRequestsView.as_view(),
            name="people_role_requests",
        ),
        path("people/invite/", admin_views.InviteView.as_view(), name="people_invite"),
    ]


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem("People", reverse("people_index"), icon_name="group", order=190)


@hooks.register("register_admin_menu_item")
def register_role_requests_menu_item():
    return PeopleMenuItem(
        "Role requests", reverse("people_role_requests"), icon_name="user", order=191
    )
