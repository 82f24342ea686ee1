"""URLs for community features beside machina's own (reports, discussions from content)."""

app_name = "forums"
urlpatterns: list = []
