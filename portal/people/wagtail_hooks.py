"""Staff screens for people data in the Wagtail admin: the competency taxonomy, the People
screens (admin_views.py), the organisation's allowed sign-up domains and its reference data
(business units, formats, languages: "Organisation")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.people import admin_views, queries, services
from portal.people.models import (
    AllowedDomain,
    BusinessUnit,
    Competency,
    CompetencyCluster,
    Format,
    Language,
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


# --- the organisation's reference data ------------------------------------------------------------

USAGE_COLUMN = Column(
    "usage", label="In use by", accessor=queries.usage_summary, sort_key="usage_total"
)


class ReferenceDataViewSet(SnippetViewSet):
    """Lists show what uses each row, counted in the list's one query (queries.with_usage);
    deleting a row in use is refused (`refuse_deleting_reference_data_in_use`)."""

    add_to_admin_menu = False
    list_per_page = 50

    def get_queryset(self, request):
        return queries.with_usage(self.model.objects.all())


class BusinessUnitViewSet(ReferenceDataViewSet):
    model = BusinessUnit
    icon = "site"
    menu_label = "Business units"
    list_display = ["name", "parent", "code", USAGE_COLUMN]
    search_fields = ["name", "code", "description"]
    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("parent"),
        FieldPanel("description"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


class FormatViewSet(ReferenceDataViewSet):
    model = Format
    icon = "group"
    menu_label = "Formats"
    list_display = ["name", "code", "description", USAGE_COLUMN]
    search_fields = ["name", "code", "description"]
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description")]


class LanguageViewSet(ReferenceDataViewSet):
    model = Language
    icon = "comment"
    menu_label = "Languages"
    list_display = ["name", "code", USAGE_COLUMN]
    search_fields = ["name", "code"]
    panels = [FieldPanel("name"), FieldPanel("code")]


class OrganisationGroup(SnippetViewSetGroup):
    """One menu entry, "Organisation": what profiles, intake, programmes and the catalog name.
    Leadership levels are choices in the code (Profile.Level), not rows, so they have no screen."""

    items = (BusinessUnitViewSet, FormatViewSet, LanguageViewSet)
    menu_icon = "site"
    menu_label = "Organisation"
    menu_name = "organisation"
    menu_order = 185


register_snippet(OrganisationGroup)


@hooks.register("before_delete_snippet")
def refuse_deleting_reference_data_in_use(request, instances):
    """Deleting a unit, format or language that something names would silently empty people's
    profiles or open a programme to every unit: refused, for one row or a bulk selection, with
    what uses it. Nothing is deleted when any of the selection is in use."""
    model = type(instances[0]) if instances else None
    if model not in queries.REFERENCE_USES:
        return None
    in_use = queries.reference_in_use(model, [item.pk for item in instances])
    if not in_use:
        return None
    for item in in_use:
        messages.error(
            request,
            f"“{item}” cannot be deleted: it is in use by {queries.usage_summary(item)}. "
            "Move them to another one first.",
        )
    return redirect(model.snippet_viewset.get_url_name("list"))


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
    actions.register_action(
        services.ONBOARDING_COMPLETED, "Complete onboarding", "Onboarding completed"
    )
    actions.register_action(services.VETTING_DECIDED, "Decide vetting", "Vetting decided")
    actions.register_action(
        services.REPORTS_TO_CHANGED, "Change reporting line", "Reporting line changed"
    )


@hooks.register("register_admin_urls")
def register_people_urls():
    return [
        path("people/", admin_views.PeopleIndexView.as_view(), name="people_index"),
        path("people/<id:pk>/", admin_views.PersonView.as_view(), name="people_person"),
        path(
            "people/<id:pk>/reports-to/",
            admin_views.ReportsToView.as_view(),
            name="people_reports_to",
        ),
        path(
            "people/<id:pk>/onboarding/",
            admin_views.OnboardingDoneView.as_view(),
            name="people_onboarding",
        ),
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
