"""URLs for members answering their proposed match."""

app_name = "matching"
urlpatterns: list = []
