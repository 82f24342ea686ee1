"""Knowledge library: Wagtail page types for cases, playbooks, simulations, stories and more."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_library_setup(sender, **kwargs) -> None:
    """post_migrate: the publishing workflow and the roles' library permissions exist in every
    database the project migrates (tests included). Runs after the people app's ensure_roles."""
    from content.services import ensure_publishing_workflow, grant_library_permissions

    ensure_publishing_workflow()
    grant_library_permissions()


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Knowledge library"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from content import receivers
        from portal.exports import protect_wagtail_exports

        receivers.connect()
        protect_wagtail_exports()
        post_migrate.connect(
            ensure_library_setup, sender=self, dispatch_uid="content-library-setup"
        )
