from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "portal.staff"
    label = "staff"
    verbose_name = "Staff side"
    default_auto_field = "django.db.models.BigAutoField"
