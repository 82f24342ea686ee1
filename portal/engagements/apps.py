from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "portal.engagements"
    label = "engagements"
    verbose_name = "Engagements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.engagements import receivers  # noqa: F401
