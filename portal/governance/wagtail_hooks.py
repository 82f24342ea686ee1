"""Governance in the Wagtail admin. The audit trail: its screen (in place of Wagtail's site
history), its menu item, the auditor's desk, and the log action every admin export writes
(portal.exports)."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from portal import exports
from portal.governance import audit
from portal.governance.audit_views import AuditTrailView
from portal.people.roles import Role, may_open_audit_trail


@hooks.register("register_admin_urls")
def register_audit_trail_urls():
    return [
        path("audit-trail/", AuditTrailView.as_view(), name="governance_audit_trail"),
        path(
            "audit-trail/results/",
            AuditTrailView.as_view(results_only=True),
            name="governance_audit_trail_results",
        ),
    ]


class AuditTrailMenuItem(MenuItem):
    def is_shown(self, request):
        return may_open_audit_trail(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_trail_menu_item():
    return AuditTrailMenuItem(
        "Audit trail", reverse("governance_audit_trail"), icon_name="history", order=950
    )


@hooks.register("construct_reports_menu")
def the_audit_trail_replaces_site_history(request, menu_items):
    """Wagtail's site history is the audit trail now (its URL leads there: portal/urls.py)."""
    menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("register_log_actions")
def register_audit_log_actions(actions):
    actions.register_action(exports.EXPORTED, "Export a list", "Exported a list")


class LatestEntriesPanel(Component):
    """An auditor's desk: the newest entries, and the way to all of them."""

    order = 10
    template_name = "governance/audit/latest_panel.html"
    rows = 8

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {"entries": audit.latest(self.request.user, self.rows)}


@hooks.register("construct_homepage_panels")
def the_auditors_desk(request, panels):
    if request.user.has_role(Role.AUDITOR):
        panels.append(LatestEntriesPanel(request))
