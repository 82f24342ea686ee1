from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "portal.matching"
    label = "matching"
    verbose_name = "Matching"
    default_auto_field = "django.db.models.BigAutoField"
