"""Sponsors' and programme teams' insight pages under /insights/ (staff screens are in the
Wagtail admin, registered in wagtail_hooks.py)."""

from django.urls import path  # noqa: F401 (the pages add their paths here)

app_name = "insights"
urlpatterns: list = []
