"""Matching in the Wagtail admin: the screens and a "Matching" menu item for programme managers."""

from django.urls import path, reverse

from wagtail import hooks

from portal.matching import admin_views
from portal.programmes.wagtail_hooks import ProgrammeManagerMenuItem


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
