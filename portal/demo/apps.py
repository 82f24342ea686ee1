from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "portal.demo"
    label = "demo"
    verbose_name = "Demo organisation"
    default_auto_field = "django.db.models.BigAutoField"
