"""Sponsors' and programme teams' insight pages under /insights/ (staff screens are in the
Wagtail admin, registered in wagtail_hooks.py)."""

from django.urls import path

from portal.insights import views

app_name = "insights"
urlpatterns: list = [
    # The balanced scorecard (ADR 0027): keep these together.
    path("scorecard/", views.scorecard_overview, name="scorecard"),
    path("scorecard/<id:pk>/", views.programme_scorecard, name="programme_scorecard"),
]
