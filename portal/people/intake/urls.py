"""URLs for the intake pages: no ids, always the signed-in person's own intake."""

from django.urls import path

from portal.people.intake import views as intake_views

app_name = "intake"
urlpatterns = [
    path("", intake_views.start, name="start"),
    path("<slug:step_name>/", intake_views.step, name="step"),
]
