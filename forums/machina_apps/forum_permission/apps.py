from django.apps import AppConfig


class ForumPermissionOverridesConfig(AppConfig):
    name = "forums.machina_apps.forum_permission"
    label = "lodestar_forum_permission"
    verbose_name = "Communities: forum_permission overrides"
