"""The governance registers in the Wagtail admin: the risk register and the quarterly
reviews (viewsets.py), the incident chooser (admin_views.py) and their log."""

from django.urls import path

from wagtail import hooks

from portal.governance import admin_views, services
from portal.governance.models import GovernanceLogEntry, GovernanceReview, Risk
from portal.governance.viewsets import GovernanceAdminGroup


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
