"""URLs for the intake pages."""

app_name = "intake"
urlpatterns: list = []
