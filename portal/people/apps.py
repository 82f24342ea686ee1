from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class PeopleConfig(AppConfig):
    name = "portal.people"
    label = "people"
    verbose_name = "People"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from portal.ids import IdConverter
        from portal.people import services
        from portal.people.catalog import cache  # noqa: F401 - its receivers listen
        from portal.security import start_session_clock

        # Roles need permissions that only exist after every app has migrated, so they are
        # (re)created after migrate rather than in a data migration.
        post_migrate.connect(services.ensure_roles_after_migrate, dispatch_uid="people_roles")
        user_logged_in.connect(start_session_clock, dispatch_uid="session_clock")
        # `<id:pk>` in every URL map, ours and the admin hooks' (people is the first app ready).
        register_converter(IdConverter, "id")
