"""URLs for members answering their proposed match, mounted at /matches/."""

from django.urls import path

from portal.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.my_matches, name="mine"),
    path("<id:pk>/respond/", views.respond, name="respond"),
]
