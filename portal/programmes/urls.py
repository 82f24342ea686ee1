"""URLs for the programme pages."""

app_name = "programmes"
urlpatterns: list = []
