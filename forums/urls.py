"""URLs for community features beside machina's own (reports on posts)."""

from django.urls import path

from forums import views

app_name = "forums"
urlpatterns = [
    path("posts/<id:pk>/report/", views.report_post, name="report_post"),
    path("reports/<id:pk>/resolve/", views.resolve_report, name="resolve_report"),
]
