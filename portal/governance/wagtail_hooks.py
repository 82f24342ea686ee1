"""Governance in the Wagtail admin: external experts' due diligence screens and log actions."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.governance import admin_views, services
from portal.people.roles import may_manage_people


@hooks.register("register_log_actions")
def register_due_diligence_actions(actions):
    """Logged on the expert (people's PersonLogEntry), beside their vetting decisions."""
    actions.register_action(services.DETAILS_GIVEN, "Give expert details", "Expert details given")
    actions.register_action(services.EVIDENCE_ADDED, "Add evidence", "Evidence added")
    actions.register_action(services.ITEM_CHECKED, "Check item", "Due diligence item checked")
    actions.register_action(services.ITEM_REOPENED, "Reopen item", "Due diligence item reopened")
    actions.register_action(
        services.MANAGER_APPROVED, "Approve as manager", "Due diligence approved by a manager"
    )
    actions.register_action(
        services.EXPIRY_REMINDED, "Remind of expiry", "Vetting expiry reminder sent"
    )


@hooks.register("register_admin_urls")
def register_governance_urls():
    return [
        path(
            "governance/experts/", admin_views.ExpertsIndexView.as_view(), name="governance_experts"
        ),
        path(
            "governance/experts/<id:pk>/",
            admin_views.ExpertView.as_view(),
            name="governance_expert",
        ),
    ]


class ExpertsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_experts_menu_item():
    return ExpertsMenuItem(
        "External experts", reverse("governance_experts"), icon_name="doc-full", order=192
    )
