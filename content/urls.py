"""A URL name for the library's front page. Everything else under /library/ is Wagtail pages and
their routes (feeds, simulation play and debrief, reflections), served by the page catch-all."""

from django.urls import path

from wagtail.views import serve

from content.seed_paths import LIBRARY_PATH

app_name = "content"
urlpatterns = [
    # {% url "content:index" %} and the navigation: Wagtail serves the library index page itself.
    path("", serve, {"path": LIBRARY_PATH}, name="index"),
]
