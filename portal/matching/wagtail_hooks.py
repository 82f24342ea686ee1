"""Matching in the Wagtail admin: the screens, a "Matching" menu item for programme managers,
and its decisions in the audit trail."""

from django.urls import path, reverse

from wagtail import hooks

from portal.matching import admin_views, services
from portal.matching.models import MatchRun
from portal.programmes.models import ProgrammeLogEntry
from portal.programmes.wagtail_hooks import ProgrammeManagerMenuItem


@hooks.register("register_log_actions")
def matching_log_actions(actions):
    """Runs published and pairs overridden are kept with the run's programme, so its managers
    read them (programmes.ProgrammeLogEntry; matching.services passes the programme)."""
    actions.register_model(MatchRun, ProgrammeLogEntry)
    actions.register_action(services.RUN_PUBLISHED, "Publish match run", "Match run published")
    actions.register_action(services.PAIR_OVERRIDDEN, "Override a pair", "Pair overridden")


@hooks.register("register_admin_urls")
def register_matching_urls():
    return [
        path("matching/", admin_views.MatchingIndexView.as_view(), name="matching_index"),
        path("matching/runs/<id:pk>/", admin_views.RunView.as_view(), name="matching_run"),
        path("matching/compare/", admin_views.CompareView.as_view(), name="matching_compare"),
        path(
            "matching/weights/<id:pk>/", admin_views.WeightsView.as_view(), name="matching_weights"
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_matching_menu_item():
    return ProgrammeManagerMenuItem(
        "Matching", reverse("matching_index"), icon_name="group", order=220
    )
