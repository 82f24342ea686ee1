from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Communities"
    default_auto_field = "django.db.models.BigAutoField"
