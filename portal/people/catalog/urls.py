"""URLs for the mentor catalog (mounted at /mentors/) and a mentor's own catalog profile."""

from django.urls import path

from portal.people.catalog import views as catalog_views

app_name = "catalog"
urlpatterns = [
    path("", catalog_views.mentor_list, name="list"),
    path("<id:pk>/", catalog_views.mentor_detail, name="detail"),
    path("<id:pk>/shortlist/", catalog_views.shortlist, name="shortlist"),
    path("me/edit/", catalog_views.edit_mentor_profile, name="edit_profile"),
]
