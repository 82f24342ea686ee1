"""The library's URLs. Everything under /library/ is a Wagtail page or one of its routes (feeds,
simulation play and debrief, reflections), served by Wagtail's serve view with the route taken
from the cache (content.routing)."""

from django.urls import path, re_path

from content import views

app_name = "content"
urlpatterns = [
    # {% url "content:index" %} and the navigation: the library index page.
    path("", views.serve_library, name="index"),
    # Before the page paths, which would take "discuss/12/" for a page's path.
    path("discuss/<id:pk>/", views.discuss, name="discuss"),
    # The same paths Wagtail's catch-all accepts (its pattern, below /library/).
    re_path(r"^(?P<subpath>(?:[\w\-]+/)+)$", views.serve_library, name="page"),
]
