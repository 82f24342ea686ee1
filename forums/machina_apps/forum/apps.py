from django.apps import AppConfig


class ForumOverridesConfig(AppConfig):
    name = "forums.machina_apps.forum"
    label = "lodestar_forum"
    verbose_name = "Communities: forum overrides"
