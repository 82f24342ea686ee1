"""The governance registers in the Wagtail admin: the risk register and the quarterly
reviews (viewsets.py), the incident chooser (admin_views.py) and their log.

Governance in the Wagtail admin: the conflict-of-interest queue and the log's wording."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.governance import admin_views, services
from portal.governance.models import GovernanceLogEntry, GovernanceReview, Risk
from portal.governance.viewsets import GovernanceAdminGroup
from portal.people.roles import may_manage_programmes


@hooks.register("register_log_actions")
def log_governance(actions):
    """Changes to risks and reviews are logged with the risk's programme, so the site history
    shows each manager only theirs (models.GovernanceLogEntry)."""
    for model in (Risk, GovernanceReview):
        actions.register_model(model, GovernanceLogEntry)
    actions.register_action(services.INCIDENT_LINKED, "Link incident", "Incident linked")
    actions.register_action(services.INCIDENT_UNLINKED, "Unlink incident", "Incident unlinked")


@hooks.register("register_admin_viewset")
def register_governance_viewsets():
    return GovernanceAdminGroup()


@hooks.register("register_admin_urls")
def register_incident_urls():
    return [
        path(
            "governance/risks/<id:pk>/incidents/",
            admin_views.LinkIncidentView.as_view(),
            name="governance_link_incident",
        ),
        path(
            "governance/incidents/<id:pk>/unlink/",
            admin_views.UnlinkIncidentView.as_view(),
            name="governance_unlink_incident",
        ),
    ]


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
