"""URLs for content features outside Wagtail's page tree (feeds, simulations, reflections)."""

app_name = "content"
urlpatterns: list = []
