"""Sponsors' and programme teams' insight pages under /insights/ (staff screens are in the
Wagtail admin, registered in wagtail_hooks.py)."""

from django.urls import path

from portal.insights import views

app_name = "insights"
urlpatterns = [
    # The balanced scorecard (ADR 0027): keep these together.
    path("scorecard/", views.scorecard_overview, name="scorecard"),
    path("scorecard/<id:pk>/", views.programme_scorecard, name="programme_scorecard"),
    # Equity monitoring (ADR 0026).
    path("equity/", views.equity_page, name="equity"),
    path("equity/download/", views.EquityDownload.as_view(), name="equity_download"),
]
