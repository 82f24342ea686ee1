"""Governance in the Wagtail admin: the conflict-of-interest queue and the log's wording."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.governance import admin_views, services
from portal.people.roles import may_manage_programmes


@hooks.register("register_log_actions")
def governance_log_actions(actions):
    actions.register_action(services.CONFLICT_DECLARED, "Declare conflict", "Conflict declared")
    actions.register_action(
        services.CONFLICT_ACCEPTED, "Accept conflict", "Conflict accepted as a hard rule"
    )
    actions.register_action(services.CONFLICT_NOTED, "Note conflict", "Conflict noted only")
    actions.register_action(services.CONFLICT_REJECTED, "Reject conflict", "Conflict rejected")


@hooks.register("register_admin_urls")
def register_governance_urls():
    return [
        path(
            "governance/conflicts/",
            admin_views.ConflictQueueView.as_view(),
            name="governance_conflicts",
        ),
    ]


class ProgrammeManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_programmes(request.user)


@hooks.register("register_admin_menu_item")
def register_conflicts_menu_item():
    return ProgrammeManagerMenuItem(
        "Conflicts of interest", reverse("governance_conflicts"), icon_name="warning", order=192
    )
