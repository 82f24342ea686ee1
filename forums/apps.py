"""Communities: django-machina integration (provisioning, permissions, moderation, templates)."""

from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Communities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forums import receivers  # noqa: F401 - connects the signal receivers
