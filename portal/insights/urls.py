"""Sponsors' and programme teams' insight pages under /insights/ (staff screens are in the
Wagtail admin, registered in wagtail_hooks.py)."""

from django.urls import path

from portal.insights import views

app_name = "insights"
urlpatterns = [
    path("equity/", views.equity_page, name="equity"),
    path("equity/download/", views.EquityDownload.as_view(), name="equity_download"),
]
