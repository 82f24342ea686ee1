"""Participants' governance pages under /governance/ (staff screens are in wagtail_hooks.py)."""

from django.urls import path  # noqa: F401

app_name = "governance"
urlpatterns: list = []
